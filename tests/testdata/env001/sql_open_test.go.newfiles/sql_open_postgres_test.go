//go:build integration

package sqlopen

import (
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// TestUsersPostgres runs TestUsers against a real Postgres (setupPostgres) instead of SQLite.
// SQL written for SQLite (placeholders, types, AUTOINCREMENT) may need changes here.
func TestUsersPostgres(t *testing.T) {
	db, err := sql.Open("pgx", setupPostgres(t)) // want "ENV001 This test opens SQLite, but the module ships with Postgres \\(github.com/jackc/pgx/v5\\): dialect, types, constraints and locking differ"
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
}

// TestOrdersPostgres runs TestOrders against a real Postgres (setupPostgres) instead of SQLite.
// SQL written for SQLite (placeholders, types, AUTOINCREMENT) may need changes here.
func TestOrdersPostgres(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		db, err := sql.Open("pgx", setupPostgres(t)) // want "ENV001 This test opens SQLite"
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
	})
}
