package testmainguard

import (
	"database/sql"
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if os.Getenv("INTEGRATION") == "" {
		fmt.Println("skipping integration tests: INTEGRATION is not set")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestOrders(t *testing.T) {
	db, err := sql.Open("postgres", os.Getenv("TEST_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
