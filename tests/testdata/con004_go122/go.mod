module example.com/con004go122

go 1.22
