package store

import (
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// Postgres is only an indirect requirement (a dependency's): the module does not ship with it.
func TestOpen(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
