package con007go121

import (
	"strings"
	"testing"
)

// Before Go 1.22 a parallel subtest reading the loop variable would see the last row (CON004).
func TestCapturesLoopVar(t *testing.T) {
	for _, s := range []string{"a", "b"} {
		t.Run(s, func(t *testing.T) {
			if strings.ToUpper(s) == s {
				t.Error("not lower")
			}
		})
	}
}

// With a copy it can run in parallel.
func TestCopiesLoopVar(t *testing.T) {
	for _, s := range []string{"a", "b"} {
		s := s
		t.Run(s, func(t *testing.T) { // want "CON007 this subtest"
			if strings.ToUpper(s) == s {
				t.Error("not lower")
			}
		})
	}
}
