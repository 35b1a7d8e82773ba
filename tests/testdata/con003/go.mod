module example.com/con003

go 1.25
