package sharedhelper

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

// A helper starting a container per call is what RULES.md leaves alone: the tests share its code.
func startPostgres(t *testing.T) *postgres.PostgresContainer {
	t.Helper()
	ctr, err := postgres.Run(context.Background(), "postgres:16-alpine")
	if err != nil {
		t.Fatal(err)
	}
	return ctr
}

func TestOne(t *testing.T) { _ = startPostgres(t) }

func TestTwo(t *testing.T) { _ = startPostgres(t) }
