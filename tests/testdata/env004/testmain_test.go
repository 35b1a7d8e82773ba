package testmainshared

import (
	"context"
	"log"
	"os"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

var dsn string

func TestMain(m *testing.M) {
	ctx := context.Background()
	ctr, err := postgres.Run(ctx, "postgres:16-alpine")
	if err != nil {
		log.Fatal(err)
	}
	dsn = ctr.MustConnectionString(ctx)
	code := m.Run()
	_ = testcontainers.TerminateContainer(ctr)
	os.Exit(code)
}

func TestA(t *testing.T) { _ = dsn }

func TestB(t *testing.T) { _ = dsn }
