//go:build integration

package gormstore

import (
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// TestProductsPostgres runs TestProducts against a real Postgres (setupPostgres) instead of SQLite.
// SQL written for SQLite (placeholders, types, AUTOINCREMENT) may need changes here.
func TestProductsPostgres(t *testing.T) {
	db, err := gorm.Open(postgres.Open(setupPostgres(t)), &gorm.Config{}) // want "ENV001 This test opens SQLite, but the module ships with Postgres"
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AutoMigrate(&Product{}); err != nil {
		t.Fatal(err)
	}
}
