module example.com/hab004go116

go 1.16
