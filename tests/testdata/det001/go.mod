module example.com/det001

go 1.25
