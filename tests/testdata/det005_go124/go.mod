module example.com/det005go124

go 1.24
