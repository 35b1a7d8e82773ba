module example.com/shipssqlite

go 1.22

require (
	github.com/lib/pq v1.10.9
	github.com/mattn/go-sqlite3 v1.14.24
)
