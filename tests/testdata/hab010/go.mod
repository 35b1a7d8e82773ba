module example.com/hab010

go 1.22
