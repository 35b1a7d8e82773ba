package con002

import (
	"sync/atomic"
	"testing"
	"time"
)

type counter struct{ n atomic.Int64 }

func (c *counter) work() { c.n.Add(1) }

func TestFireAndForget(t *testing.T) {
	var c counter
	go func() { // want "CON002 nothing waits for this goroutine.*WaitGroup"
		c.work()
		t.Log("worked")
	}()
	time.Sleep(10 * time.Millisecond)
	if c.n.Load() != 1 {
		t.Error("not yet")
	}
}

func TestNamedFunction(t *testing.T) {
	var c counter
	go c.work() // want "CON002 nothing waits for the goroutine running c.work"
}

func TestInSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		go func() { // want "CON002"
			for {
				time.Sleep(time.Millisecond)
			}
		}()
	})
}

func startBackground(t *testing.T, c *counter) {
	t.Helper()
	go func() { // want "CON002"
		for range 3 {
			c.work()
		}
		t.Log("done")
	}()
}

func TestHelperStarts(t *testing.T) {
	startBackground(t, &counter{})
}
