//go:build integration

package gormstore

import (
	"context"
	"sync"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

// One Postgres container serves every integration test of the package: setupPostgres starts it on first
// use and Testcontainers' reaper (Ryuk) removes it when the test binary exits.
// Needs: go get github.com/testcontainers/testcontainers-go/modules/postgres
var (
	postgresOnce sync.Once
	postgresDSN  string
	postgresErr  error
)

// setupPostgres returns the connection string of the package's Postgres container, starting it on
// first use. Tests share the database: give each its own tables, schema or transaction.
func setupPostgres(t testing.TB) string {
	t.Helper()
	postgresOnce.Do(func() {
		ctx := context.Background()
		ctr, err := postgres.Run(ctx, "postgres:16-alpine",
			postgres.WithDatabase("test"),
			postgres.WithUsername("test"),
			postgres.WithPassword("test"),
			postgres.BasicWaitStrategies(),
		)
		if err != nil {
			// Run can return a half-started container with its error: remove it now.
			_ = testcontainers.TerminateContainer(ctr)
			postgresErr = err
			return
		}
		postgresDSN, postgresErr = ctr.ConnectionString(ctx, "sslmode=disable")
	})
	if postgresErr != nil {
		t.Fatalf("start Postgres: %v", postgresErr)
	}
	return postgresDSN
}
