package ctr001

import (
	"strings"
	"testing"
)

// Not flagged: a test file of this package is built with the e2e tag, so the same tests run against a
// spawned binary and its errors arrive as text.
func TestAgainstBinary(t *testing.T) {
	err := run("get", "x")
	if err == nil || !strings.Contains(err.Error(), "exit status") {
		t.Fatal(err)
	}
}
