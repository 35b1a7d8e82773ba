package det004

import (
	crand "crypto/rand"
	"math/rand"
	mrand "math/rand/v2"
	"testing"
)

const fixedSeed = 42

// Not flagged: a generator seeded with a constant, and its methods.
func TestSeeded(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	r2 := rand.New(rand.NewSource(fixedSeed))
	r3 := mrand.New(mrand.NewPCG(1, 2))
	if r.Intn(3)+r2.Intn(3) > 4 || r3.IntN(3) > 2 {
		t.Fatal("out of range")
	}
}

// Not flagged: a source seeded from a variable (we cannot tell where it comes from).
func TestVariableSeed(t *testing.T) {
	seed := int64(7)
	r := rand.New(rand.NewSource(seed))
	_ = r
}

// Not flagged: crypto/rand.
func TestCrypto(t *testing.T) {
	b := make([]byte, 8)
	if _, err := crand.Read(b); err != nil {
		t.Fatal(err)
	}
}

// Not flagged: not test code.
func randomPort() int { return 10000 + rand.Intn(1000) }

func TestUsesNonTestCode(t *testing.T) {
	if randomPort() < 10000 {
		t.Fatal("low")
	}
}
