package jinzhugorm

import (
	"testing"

	"github.com/jinzhu/gorm"
	_ "github.com/jinzhu/gorm/dialects/sqlite"
)

func TestLegacyGorm(t *testing.T) {
	db, err := gorm.Open("sqlite3", ":memory:") // want "ENV001 This test opens SQLite, but the module ships with Postgres"
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
}

// Not an opener: naming the dialect is not opening a database.
func TestDialectName(t *testing.T) {
	_ = dialectFor("sqlite3")
}

func dialectFor(name string) string { return name }
