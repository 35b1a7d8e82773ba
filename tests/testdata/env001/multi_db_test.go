package multidb

import (
	"database/sql"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"
)

// A test of a layer that supports both databases runs on both: SQLite is not standing in here.
func TestBothDialects(t *testing.T) {
	for _, c := range []struct{ driver, dsn string }{
		{"sqlite3", ":memory:"},
		{"pgx", os.Getenv("PG_DSN")},
	} {
		db, err := sql.Open(c.driver, c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
