package onetestloop

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go/modules/postgres"
)

func TestVersions(t *testing.T) {
	for _, img := range []string{"postgres:15-alpine", "postgres:16-alpine"} {
		t.Run(img, func(t *testing.T) {
			if _, err := postgres.Run(context.Background(), img); err != nil {
				t.Fatal(err)
			}
		})
	}
}
