// Package store runs on SQLite in the desktop build and on Postgres on servers: its tests may use SQLite.
package store

import (
	"database/sql"

	_ "github.com/lib/pq"
	_ "github.com/mattn/go-sqlite3"
)

// Open opens the store.
func Open(driver, dsn string) (*sql.DB, error) { return sql.Open(driver, dsn) }
