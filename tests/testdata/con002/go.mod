module example.com/con002

go 1.25
