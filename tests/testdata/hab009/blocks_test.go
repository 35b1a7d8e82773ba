package blocks

import (
	"strings"
	"testing"
)

// Bare blocks repeated inside one test: each becomes a subtest, named after the comment above it.

func TestFields(t *testing.T) {
	sep := ","
	// empty input
	{ // want "HAB009 3 near-identical blocks .at line 13, line 20, line 27. differ only in their values"
		parts := strings.Split("", sep)
		if len(parts) != 1 {
			t.Errorf("got %d parts, want %d", len(parts), 1)
		}
	}
	// two fields
	{ // want "HAB009"
		parts := strings.Split("a,b", sep)
		if len(parts) != 2 {
			t.Errorf("got %d parts, want %d", len(parts), 2)
		}
	}
	// trailing separator
	{ // want "HAB009"
		parts := strings.Split("a,b,", sep)
		if len(parts) != 3 {
			t.Errorf("got %d parts, want %d", len(parts), 3)
		}
	}
}

// Without comments to name them, the rows are named after their first varying value.
func TestUpper(t *testing.T) {
	{ // want "HAB009"
		if got := strings.ToUpper("go"); got != "GO" {
			t.Errorf("got %q", got)
		}
	}
	{ // want "HAB009"
		if got := strings.ToUpper("Go"); got != "GO" {
			t.Errorf("got %q", got)
		}
	}
	{ // want "HAB009"
		if got := strings.ToUpper("gO!"); got != "GO!" {
			t.Errorf("got %q", got)
		}
	}
}
