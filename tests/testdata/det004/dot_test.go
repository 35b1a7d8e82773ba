package det004

import (
	. "math/rand"
	"testing"
)

// A dot import.
func TestDot(t *testing.T) {
	if Intn(3) > 2 { // want "DET004 Intn"
		t.Fatal("out of range")
	}
}
