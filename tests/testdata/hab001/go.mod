module example.com/hab001

go 1.22
