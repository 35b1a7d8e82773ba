module example.com/indirect

go 1.22

require (
	github.com/mattn/go-sqlite3 v1.14.24
	github.com/jackc/pgx/v5 v5.7.2 // indirect
)
