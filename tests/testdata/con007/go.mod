module example.com/con007

go 1.24
