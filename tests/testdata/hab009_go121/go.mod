module example.com/hab009go121

go 1.21
