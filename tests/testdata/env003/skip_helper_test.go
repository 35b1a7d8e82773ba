package skiphelper

import (
	"context"
	"os"
	"testing"

	"github.com/testcontainers/testcontainers-go"
)

func skipIfNoDocker(t *testing.T) {
	t.Helper()
	if os.Getenv("DOCKER_HOST") == "" {
		t.Skip("no Docker")
	}
}

func startRedis(t *testing.T) testcontainers.Container {
	skipIfNoDocker(t)
	ctr, err := testcontainers.Run(context.Background(), "redis:7")
	if err != nil {
		t.Fatal(err)
	}
	return ctr
}

func TestWithRedis(t *testing.T) {
	_ = startRedis(t)
}
