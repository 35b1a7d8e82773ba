package sharedhelpers // want "ENV003 TestPing reaches a container \\(redis:7\\)"

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go"
)

// startRedis is used by shared_users_test.go too, which a plain go test builds: tagging this file would
// break that one, so the fix skips the tests under -short instead.
func startRedis(t *testing.T) testcontainers.Container {
	t.Helper()
	ctr, err := testcontainers.Run(context.Background(), "redis:7")
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
	return ctr
}

func TestPing(t *testing.T) {
	ctr := startRedis(t)
	if ctr == nil {
		t.Fatal("no container")
	}
}
