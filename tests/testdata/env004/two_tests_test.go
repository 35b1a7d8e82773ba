package twotests

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

func TestCreateUser(t *testing.T) {
	ctx := context.Background()
	ctr, err := postgres.Run(ctx, "postgres:16-alpine", postgres.WithDatabase("users")) // want "ENV004 TestCreateUser starts its own container \\(postgres:16-alpine\\), and so does TestDeleteUser: each test pays"
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
}

func TestDeleteUser(t *testing.T) {
	ctx := context.Background()
	ctr, err := postgres.Run(ctx, "postgres:16-alpine", postgres.WithDatabase("users")) // want "ENV004 TestDeleteUser starts its own container \\(postgres:16-alpine\\), and so does TestCreateUser"
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
}
