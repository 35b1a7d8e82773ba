module example.com/det002ctor

go 1.22
