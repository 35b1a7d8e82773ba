//go:build !windows && integration

package repo_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/go-sql-driver/mysql"
)

// TestRepoMySQL runs TestRepo against a real MySQL (setupMySQL) instead of SQLite.
// SQL written for SQLite (placeholders, types, AUTOINCREMENT) may need changes here.
func TestRepoMySQL(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("mysql", setupMySQL(t)) // want "ENV001 This test opens SQLite, but the module ships with MySQL \\(github.com/go-sql-driver/mysql\\)"
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
}
