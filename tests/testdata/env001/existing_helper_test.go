package existinghelper

import (
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// existing_helper_setup_test.go already holds setupPostgres for this package: the fix only adds the copy.
func TestAccounts(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:") // want "ENV001 This test opens SQLite"
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
