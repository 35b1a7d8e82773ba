//go:build stress

package con003tagged

import "testing"

// Kept out of a plain `go test` by its build tag.
func TestTaggedStress(t *testing.T) {
	t.Log("stress")
}
