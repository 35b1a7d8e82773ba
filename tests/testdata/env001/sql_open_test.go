package sqlopen

import (
	"database/sql"
	"path/filepath"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestUsers(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:") // want "ENV001 This test opens SQLite, but the module ships with Postgres \\(github.com/jackc/pgx/v5\\): dialect, types, constraints and locking differ"
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
}

func TestOrders(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "orders.db")) // want "ENV001 This test opens SQLite"
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
	})
}

// A helper is flagged too, but only tests are copied.
func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", ":memory:") // want "ENV001 This test opens SQLite"
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestWithHelper(t *testing.T) {
	_ = openDB(t)
}
