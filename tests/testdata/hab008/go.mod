module example.com/hab008

go 1.22
