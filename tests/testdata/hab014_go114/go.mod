module example.com/hab014go114

go 1.14
