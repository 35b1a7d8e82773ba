module example.com/con007go121

go 1.21
