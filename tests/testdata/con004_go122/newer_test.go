package con004go122

import (
	"sync"
	"testing"
)

func double(n int) int { return 2 * n }

// Go 1.22 gives each iteration its own variable: nothing to report.
func TestParallelSubtests(t *testing.T) {
	for _, tt := range []int{1, 2} {
		t.Run("case", func(t *testing.T) {
			t.Parallel()
			if double(tt) == 0 {
				t.Error("zero")
			}
		})
	}
}

func TestGoroutineInLoop(t *testing.T) {
	var wg sync.WaitGroup
	for _, n := range []int{1, 2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = double(n)
		}()
	}
	wg.Wait()
}
