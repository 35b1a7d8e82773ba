package sqlxstore

import (
	"testing"

	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3"
)

func TestSqlx(t *testing.T) {
	db, err := sqlx.Connect("sqlite3", ":memory:") // want "ENV001 This test opens SQLite"
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
