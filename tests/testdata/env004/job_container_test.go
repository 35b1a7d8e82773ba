package jobcontainer

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// A migration job runs to completion in each test, against that test's own database: nothing to share.
func TestMigrateUsers(t *testing.T) {
	_, err := testcontainers.Run(context.Background(), "migrate/migrate:v4",
		testcontainers.WithCmd("up"),
		testcontainers.WithWaitStrategy(wait.ForExit()),
	)
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateOrders(t *testing.T) {
	_, err := testcontainers.Run(context.Background(), "migrate/migrate:v4",
		testcontainers.WithCmd("up"),
		testcontainers.WithWaitStrategy(wait.ForExit()),
	)
	if err != nil {
		t.Fatal(err)
	}
}
