module example.com/det002reuse

go 1.22
