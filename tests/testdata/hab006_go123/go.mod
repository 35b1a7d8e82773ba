module example.com/hab006go123

go 1.23
