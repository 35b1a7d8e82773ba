package con007

import (
	"strings"
	"testing"
)

// No test of this file runs in parallel: what the file's tests share cannot be seen from here, so the
// top-level tests are left alone (their table subtests are still reported).
func TestNoEvidence(t *testing.T) {
	for _, s := range []string{"a", "b"} {
		t.Run(s, func(t *testing.T) { // want "CON007 this subtest"
			if strings.ToUpper(s) == s {
				t.Error("not lower")
			}
		})
	}
}
