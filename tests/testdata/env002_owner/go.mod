module github.com/alicebob/miniredis/v2

go 1.22
