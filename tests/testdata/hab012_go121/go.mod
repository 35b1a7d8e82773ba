module example.com/hab012go121

go 1.21
