//go:build integration

package taggedintegration

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

func TestTagged(t *testing.T) {
	if _, err := postgres.Run(context.Background(), "postgres:16-alpine"); err != nil {
		t.Fatal(err)
	}
}
