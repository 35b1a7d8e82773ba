module example.com/hab009

go 1.22
