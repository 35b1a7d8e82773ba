package localdsn

import (
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// The DSN lives in a local variable: a copy that dropped it would not compile, so no fix is offered.
func TestLocalDSN(t *testing.T) {
	dsn := "file:test.db?cache=shared&mode=memory"
	db, err := sql.Open("sqlite3", dsn) // want "ENV001 This test opens SQLite"
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
