// Copyright 2025 The Example Authors.

//go:build !windows

package repo_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestRepo(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite3", "file::memory:?cache=shared") // want "ENV001 This test opens SQLite, but the module ships with MySQL \\(github.com/go-sql-driver/mysql\\)"
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
}
