package det004

import (
	"math/rand"
	"sort"
	"testing"
	"time"
)

func TestPerm(t *testing.T) {
	xs := rand.Perm(10) // want "DET004 rand.Perm draws from the global generator.*seeded generator"
	sort.Ints(xs)
	for i, x := range xs {
		if x != i {
			t.Fatalf("xs[%d] = %d", i, x)
		}
	}
}

// A clock-seeded global Seed goes; the calls move to the seeded generator.
func TestSeedAndCalls(t *testing.T) {
	rand.Seed(time.Now().UnixNano()) // want "DET004 rand.Seed"

	n := rand.Intn(10) + 1 // want "DET004 rand.Intn"

	f := rand.Float64() // want "DET004 rand.Float64"
	words := []string{"a", "b", "c"}
	rand.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] }) // want "DET004 rand.Shuffle"
	if n < 1 || n > 10 || f < 0 || f >= 1 || len(words) != 3 {
		t.Fatal("out of range")
	}
	t.Run("sub", func(t *testing.T) {
		if rand.Intn(rand.Intn(5)+1) < 0 { // want "DET004 rand.Intn" "DET004 rand.Intn"
			t.Fatal("negative")
		}
	})
}

// A source seeded from the clock.
func TestClockSeeded(t *testing.T) {
	r := rand.New(rand.NewSource(time.Now().UnixNano())) // want "DET004 rand.NewSource seeded from the clock"
	if r.Intn(3) > 2 {
		t.Fatal("out of range")
	}
}

// Benchmarks and helpers are test code too.
func BenchmarkGlobal(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = rand.Int63() // want "DET004 rand.Int63"
	}
}

func randomName(tb testing.TB) string {
	tb.Helper()
	return string(rune('a' + rand.Intn(26))) // want "DET004 rand.Intn"
}

func TestHelper(t *testing.T) {
	if randomName(t) == "" {
		t.Fatal("empty")
	}
}

// No fix: in a goroutine a shared generator would be a data race.
func TestGoroutine(t *testing.T) {
	done := make(chan int)
	go func() { done <- rand.Intn(5) }() // want "DET004 rand.Intn"
	if <-done > 4 {
		t.Fatal("out of range")
	}
}

// No fix: gofmt would have to realign the trailing comments of these lines.
func TestAligned(t *testing.T) {
	a := rand.Intn(10)  // want "DET004 rand.Intn"
	bc := rand.Intn(10) // want "DET004 rand.Intn"
	if a+bc > 18 {
		t.Fatal("out of range")
	}
}

// No fix: in a parallel subtest either.
func TestParallelSubtests(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if rand.Intn(5) > 4 { // want "DET004 rand.Intn"
				t.Fatal("out of range")
			}
		})
	}
}
