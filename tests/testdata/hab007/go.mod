module example.com/hab007

go 1.22
