module example.com/det004

go 1.22
