//go:build integration

package existinghelper

import (
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// TestAccountsPostgres runs TestAccounts against a real Postgres (setupPostgres) instead of SQLite.
// SQL written for SQLite (placeholders, types, AUTOINCREMENT) may need changes here.
func TestAccountsPostgres(t *testing.T) {
	db, err := sql.Open("pgx", setupPostgres(t)) // want "ENV001 This test opens SQLite"
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
