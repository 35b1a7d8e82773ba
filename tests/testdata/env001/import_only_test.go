package importonly

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // want "ENV001 This import of a SQLite driver means the tests run on SQLite, but the module ships with Postgres"
)

const driverName = "sqlite"

func TestOpen(t *testing.T) {
	db, err := sql.Open(driverName, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
