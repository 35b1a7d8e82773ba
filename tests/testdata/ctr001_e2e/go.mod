module example.com/ctr001

go 1.22
