module example.com/con003tagged

go 1.22
