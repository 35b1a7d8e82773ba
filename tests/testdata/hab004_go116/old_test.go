package hab004go116

import (
	"os"
	"testing"
)

// Not flagged: t.Setenv does not exist before Go 1.17.
func TestOld(t *testing.T) {
	os.Setenv("A", "1")
	defer os.Unsetenv("A")
}
