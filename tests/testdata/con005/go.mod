module example.com/con005

go 1.22
