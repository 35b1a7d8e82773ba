package differentimages

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go/modules/postgres"
	"github.com/testcontainers/testcontainers-go/modules/redis"
)

func TestPostgresStore(t *testing.T) {
	if _, err := postgres.Run(context.Background(), "postgres:16-alpine"); err != nil {
		t.Fatal(err)
	}
}

func TestRedisStore(t *testing.T) {
	if _, err := redis.Run(context.Background(), "redis:7"); err != nil {
		t.Fatal(err)
	}
}
