package store

import (
	"database/sql"
	"testing"
)

func TestOpen(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
