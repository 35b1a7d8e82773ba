module example.com/hab006

go 1.24
