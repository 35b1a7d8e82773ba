// Package dialect supports several databases; its users bring the driver.
package dialect

// Names of the supported dialects.
const (
	MySQL    = "mysql"
	Postgres = "postgres"
	SQLite   = "sqlite3"
)
