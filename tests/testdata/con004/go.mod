module example.com/con004

go 1.21
