package con003

import (
	"sync"
	"sync/atomic"
	"testing"
)

func TestCacheStress(t *testing.T) { // want "CON003 TestCacheStress is a stress test.*testing.Short"
	var n atomic.Int64
	n.Add(1)
	if n.Load() != 1 {
		t.Fatal("lost an add")
	}
}

func TestQueueSoak(t *testing.T) { // want "CON003 TestQueueSoak is a stress test"
	// A comment before the first statement stays where it is.
	t.Log("soaking")
}

func Test_stress_snake(t *testing.T) {} // want "CON003 Test_stress_snake"

func TestManyGoroutines(t *testing.T) { // want "CON003 TestManyGoroutines starts goroutines or subtests in a loop of 1000 iterations"
	var wg sync.WaitGroup
	var n atomic.Int64
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.Add(1)
		}()
	}
	wg.Wait()
	if n.Load() != 1000 {
		t.Fatalf("got %d", n.Load())
	}
}

func TestManySubtests(t *testing.T) { // want "CON003 TestManySubtests .*loop of 100 iterations"
	for i := range 100 {
		t.Run("case", func(t *testing.T) {
			if i < 0 {
				t.Fatal("negative")
			}
		})
	}
}

func TestInclusiveBound(t *testing.T) { // want "CON003 .*loop of 100 iterations"
	var wg sync.WaitGroup
	for i := 1; i <= 100; i++ {
		wg.Go(func() {})
	}
	wg.Wait()
}
