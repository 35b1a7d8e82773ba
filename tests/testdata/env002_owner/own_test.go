package owntest

import (
	"testing"

	"github.com/alicebob/miniredis/v2"
)

// miniredis's own tests (the module is miniredis) use miniredis rightly.
func TestOwn(t *testing.T) {
	s := miniredis.RunT(t)
	_ = s
}
