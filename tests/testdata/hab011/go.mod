module example.com/hab011

go 1.24
