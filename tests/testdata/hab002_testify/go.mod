module example.com/hab002

go 1.22
