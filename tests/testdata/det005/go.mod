module example.com/det005

go 1.25
