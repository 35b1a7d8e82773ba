package shortguard

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

func TestGuarded(t *testing.T) {
	if testing.Short() {
		t.Skip("needs Docker")
	}
	if _, err := postgres.Run(context.Background(), "postgres:16-alpine"); err != nil {
		t.Fatal(err)
	}
}
