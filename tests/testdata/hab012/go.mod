module example.com/hab012

go 1.22
