package acrossfiles

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go"
)

func TestCacheMiss(t *testing.T) {
	t.Run("cold", func(t *testing.T) {
		ctr, err := testcontainers.Run(context.Background(), "redis:7") // want "ENV004 TestCacheMiss starts its own container \\(redis:7\\), and so does TestCacheHit"
		testcontainers.CleanupContainer(t, ctr)
		if err != nil {
			t.Fatal(err)
		}
	})
}
