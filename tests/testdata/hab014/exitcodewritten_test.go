package hab014

import (
	"fmt"
	"os"
	"testing"
)

var leaked bool

// Flagged, but no fix: the exit code is changed after m.Run, so dropping os.Exit would lose it.
func TestMain(m *testing.M) {
	defer fmt.Println("deferred") // want "HAB014"
	code := m.Run()
	if leaked {
		code = 1
	}
	os.Exit(code)
}

func TestNothing(t *testing.T) {}
