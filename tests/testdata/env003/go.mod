module example.com/env003

go 1.22
