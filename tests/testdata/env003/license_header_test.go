// Copyright 2025 The Example Authors.
// Licensed under the Apache License, Version 2.0.

// The golden file builds only with -tags integration: test_env_buildtag_go.py checks it.
// fixture: novet, notest

// Package licenseheader keeps its doc comment attached to the package clause.
package licenseheader // want "ENV003 TestUsers reaches the server named by \\$DATABASE_URL"

import (
	"database/sql"
	"os"
	"testing"
)

func TestUsers(t *testing.T) {
	db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
}
