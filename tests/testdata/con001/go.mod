module example.com/con001

go 1.25
