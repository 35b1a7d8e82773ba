package dialect

import (
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// The module names SQLite as a dialect it supports: testing on SQLite is testing the product.
func TestSQLite(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
