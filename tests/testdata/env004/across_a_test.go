package acrossfiles

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go"
)

func TestCacheHit(t *testing.T) {
	ctr, err := testcontainers.Run(context.Background(), "redis:7") // want "ENV004 TestCacheHit starts its own container \\(redis:7\\), and so does TestCacheMiss"
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
}
