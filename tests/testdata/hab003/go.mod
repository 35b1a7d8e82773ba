module example.com/hab003

go 1.22
