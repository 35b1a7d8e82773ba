module example.com/hab009go117

go 1.17
