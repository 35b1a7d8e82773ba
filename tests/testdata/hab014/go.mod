module example.com/hab014

go 1.24
