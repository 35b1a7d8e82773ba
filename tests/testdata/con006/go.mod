module example.com/con006

go 1.24
