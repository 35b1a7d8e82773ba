module example.com/con005precedence

go 1.22
