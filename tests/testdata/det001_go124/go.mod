module example.com/det001go124

go 1.24
