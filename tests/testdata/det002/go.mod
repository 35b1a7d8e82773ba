module example.com/det002

go 1.25
