module example.com/hab004

go 1.22
