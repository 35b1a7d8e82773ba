package con004

import (
	"sync"
	"testing"
)

func double(n int) int { return 2 * n }

func TestParallelSubtests(t *testing.T) {
	tests := []struct {
		name string
		in   int
		want int
	}{
		{"one", 1, 2},
		{"two", 2, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := double(tt.in); got != tt.want { // want "CON004 .*shares `tt`: this parallel subtest.*tt := tt"
				t.Errorf("double(%d) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestIndexAndValue(t *testing.T) {
	for i, v := range []int{1, 2, 3} {
		t.Run("case", func(t *testing.T) {
			t.Parallel()
			if double(v) != 2*v { // want "CON004 .*`v`"
				t.Errorf("case %d", i) // want "CON004 .*`i`"
			}
		})
	}
}

func TestGoroutineInLoop(t *testing.T) {
	var mu sync.Mutex
	sum := 0
	var wg sync.WaitGroup
	for _, n := range []int{1, 2, 3} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += n // want "CON004 .*`n`: this goroutine"
			mu.Unlock()
		}()
	}
	wg.Wait()
	if sum == 0 {
		t.Error("nothing added")
	}
}

func TestNestedParallel(t *testing.T) {
	for _, outer := range []int{1, 2} {
		t.Run("outer", func(t *testing.T) {
			t.Parallel()
			for _, inner := range []int{3, 4} {
				t.Run("inner", func(t *testing.T) {
					t.Parallel()
					if double(outer)+double(inner) == 0 { // want "CON004 .*`outer`" "CON004 .*`inner`"
						t.Error("zero")
					}
				})
			}
		})
	}
}

func BenchmarkGoroutines(b *testing.B) {
	var wg sync.WaitGroup
	for _, n := range []int{1, 2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = double(n) // want "CON004 .*`n`"
		}()
	}
	wg.Wait()
}
