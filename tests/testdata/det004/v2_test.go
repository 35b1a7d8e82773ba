package det004

import (
	mrand "math/rand/v2"
	"testing"
	"time"
)

// math/rand/v2 under an alias.
func TestV2(t *testing.T) {
	if mrand.IntN(10) > 9 { // want "DET004 mrand.IntN"
		t.Fatal("out of range")
	}
	xs := mrand.Perm(4) // want "DET004 mrand.Perm"
	if len(xs) != 4 {
		t.Fatal("short")
	}
}

// A PCG source seeded from the clock.
func TestV2ClockSeeded(t *testing.T) {
	r := mrand.New(mrand.NewPCG(uint64(time.Now().UnixNano()), 2)) // want "DET004 mrand.NewPCG seeded from the clock"
	if r.IntN(3) > 2 {
		t.Fatal("out of range")
	}
}

// No fix: rand.N is generic, *rand.Rand has no such method.
func TestV2N(t *testing.T) {
	d := mrand.N(10 * time.Millisecond) // want "DET004 mrand.N "
	if d < 0 {
		t.Fatal("negative")
	}
}
