module example.com/hab005

go 1.22
