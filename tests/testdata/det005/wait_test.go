package det005

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// One goroutine, its effect read after the sleep.
func TestOneGoroutine(t *testing.T) {
	var n atomic.Int32
	go func() {
		n.Add(1)
	}()
	time.Sleep(10 * time.Millisecond) // want "DET005 time.Sleep waits for the goroutine.*sync.WaitGroup"
	if n.Load() != 1 {
		t.Fatal("goroutine did not run")
	}
}

// Goroutines started in a loop.
func TestLoop(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]bool{}
	for i := 0; i < 4; i++ {
		go func() {
			mu.Lock()
			seen[i] = true
			mu.Unlock()
		}()
	}
	time.Sleep(10 * time.Millisecond) // want "DET005"
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 4 {
		t.Fatalf("seen %v", seen)
	}
}

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) incr() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// `go c.incr()`: a method call, its receiver read after the sleep.
func TestMethodGoroutine(t *testing.T) {
	c := &counter{}
	go c.incr()
	<-time.After(10 * time.Millisecond) // want "DET005 <-time.After"
	if c.get() != 1 {
		t.Fatal("not incremented")
	}
}

// A literal with a parameter keeps it: wg.Add(1) and defer wg.Done().
func TestLiteralWithArgs(t *testing.T) {
	var total atomic.Int64
	for i := 1; i <= 3; i++ {
		go func(k int64) {
			total.Add(k)
		}(int64(i))
	}
	time.Sleep(10 * time.Millisecond) // want "DET005"
	if total.Load() != 6 {
		t.Fatalf("total %d", total.Load())
	}
}

// The sleep ends the test: it only gives the goroutine time to finish.
func TestSleepAtEnd(t *testing.T) {
	var n atomic.Int32
	go func() {
		n.Add(1)
	}()
	time.Sleep(10 * time.Millisecond) // want "DET005"
}
