package differentoptions

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

// Each test checks its own configuration of the server: the containers cannot be shared.
func TestWithInitScripts(t *testing.T) {
	_, err := postgres.Run(context.Background(), "postgres:16-alpine",
		postgres.WithInitScripts(filepath.Join("testdata", "init.sql")))
	if err != nil {
		t.Fatal(err)
	}
}

func TestWithConfigFile(t *testing.T) {
	_, err := postgres.Run(context.Background(), "postgres:16-alpine",
		postgres.WithConfigFile(filepath.Join("testdata", "my.conf")))
	if err != nil {
		t.Fatal(err)
	}
}
