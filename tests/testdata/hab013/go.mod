module example.com/hab013

go 1.24
