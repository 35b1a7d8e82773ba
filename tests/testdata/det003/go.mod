module example.com/det003

go 1.25
