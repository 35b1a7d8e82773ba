module example.com/env004

go 1.22
