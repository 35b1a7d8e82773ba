module example.com/det002mock

go 1.22

require github.com/benbjohnson/clock v1.3.5
