module example.com/ctr002

go 1.22
