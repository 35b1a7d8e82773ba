package con004

import (
	"sync"
	"testing"
)

func triple(n int) int { return 3 * n }

// The loop copies the variable.
func TestCopied(t *testing.T) {
	for _, tt := range []int{1, 2} {
		tt := tt
		t.Run("case", func(t *testing.T) {
			t.Parallel()
			if triple(tt) == 0 {
				t.Error("zero")
			}
		})
	}
}

// The variable is passed as an argument.
func TestPassedAsArgument(t *testing.T) {
	var wg sync.WaitGroup
	for _, n := range []int{1, 2} {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			_ = triple(n)
		}(n)
	}
	wg.Wait()
}

// Uses before t.Parallel() run while the loop waits; the copy inside the closure is fine too.
func TestCopiedInsideClosure(t *testing.T) {
	for _, tt := range []int{1, 2} {
		t.Run("case", func(t *testing.T) {
			tt := tt
			t.Parallel()
			if triple(tt) == 0 {
				t.Error("zero")
			}
		})
	}
}

// Subtests that are not parallel: t.Run waits for each one.
func TestSequentialSubtests(t *testing.T) {
	for _, tt := range []int{1, 2} {
		t.Run("case", func(t *testing.T) {
			if triple(tt) == 0 {
				t.Error("zero")
			}
		})
	}
}

// The name argument is evaluated before t.Run returns.
func TestNameOnly(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
		})
	}
}

// A goroutine joined before the iteration ends.
func TestJoinedInIteration(t *testing.T) {
	for _, n := range []int{1, 2} {
		done := make(chan int)
		go func() {
			done <- triple(n)
		}()
		if <-done == 0 {
			t.Error("zero")
		}
	}
}

// A three-clause loop variable is not a range variable.
func TestThreeClause(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_ = triple(i)
		}(i)
	}
	wg.Wait()
}
