package hab001

import (
	"os"
	"path/filepath"
	"testing"
)

// Before Go 1.22 a range variable is shared by every iteration: its value is captured first.
func TestLoop(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a", "b"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close() // want "HAB001"
		if _, err := f.WriteString(name); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(filepath.Join(dir, name)) // want "HAB001"
	}
}
