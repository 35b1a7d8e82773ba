package hab014go114

import (
	"fmt"
	"os"
	"testing"
)

// Flagged, no fix: before Go 1.15 TestMain must call os.Exit itself.
func TestMain(m *testing.M) {
	defer fmt.Println("deferred") // want "HAB014 .*move the setup and m.Run into a function"
	os.Exit(m.Run())
}

func TestNothing(t *testing.T) {}
