package hab014

import (
	"fmt"
	"os"
	"testing"
)

func run(m *testing.M) int {
	defer fmt.Println("runs: the deferred call is in a function that returns")
	return m.Run()
}

// Flagged, but no fix: the exit code is not m.Run's result.
func TestMain(m *testing.M) {
	defer fmt.Println("deferred") // want "HAB014"
	os.Exit(run(m))
}

func TestNothing(t *testing.T) {}
