package runs

import (
	"strings"
	"testing"
)

// Repeated t.Run blocks inside one test become a loop over a table in the same test: the subtest names
// are the rows' names, the statements before and after stay where they are.

func TestRepeat(t *testing.T) {
	prefix := ">"

	t.Run("once", func(t *testing.T) { // want "HAB009 3 near-identical subtests .\"once\", \"twice\", \"none\". differ only in their values"
		got := prefix + strings.Repeat("ab", 1)
		if got != ">ab" {
			t.Errorf("got %q, want %q", got, ">ab")
		}
	})

	// Two copies.
	t.Run("twice", func(t *testing.T) { // want "HAB009"
		got := prefix + strings.Repeat("ab", 2)
		if got != ">abab" {
			t.Errorf("got %q, want %q", got, ">abab")
		}
	})

	t.Run("none", func(t *testing.T) { // want "HAB009"
		got := prefix + strings.Repeat("ab", 0)
		if got != ">" {
			t.Errorf("got %q, want %q", got, ">")
		}
	})

	if prefix != ">" {
		t.Fatal("prefix changed")
	}
}
