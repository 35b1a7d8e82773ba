package det001

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// ttlCache forgets entries older than its ttl, reading the clock the way production code does.
type ttlCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	entries map[string]time.Time
}

func newTTLCache(ttl time.Duration) *ttlCache {
	return &ttlCache{ttl: ttl, entries: map[string]time.Time{}}
}

func (c *ttlCache) Set(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[k] = time.Now()
}

func (c *ttlCache) Has(k string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.entries[k]
	return ok && time.Since(at) < c.ttl
}

// Sleeps for 2 s of real time; in a bubble the same assertions pass at once.
func TestCacheExpiry(t *testing.T) {
	c := newTTLCache(time.Second)
	c.Set("k")
	if !c.Has("k") {
		t.Fatal("entry missing right after Set")
	}
	time.Sleep(2 * time.Second) // want "DET001 time.Sleep .*synctest bubble"
	if c.Has("k") {
		t.Fatal("entry did not expire")
	}
}

// A bare receive from time.After is a sleep too.
func TestAfterReceive(t *testing.T) {
	start := time.Now()
	<-time.After(50 * time.Millisecond) // want "DET001 <-time.After"
	if time.Since(start) < 50*time.Millisecond {
		t.Fatal("woke up early")
	}
}

// A subtest's body is wrapped on its own; the parent's t.Run stays outside the bubble.
func TestSubtest(t *testing.T) {
	t.Run("expires", func(t *testing.T) {
		c := newTTLCache(10 * time.Millisecond)
		c.Set("a")
		time.Sleep(20 * time.Millisecond) // want "DET001"
		if c.Has("a") {
			t.Error("entry did not expire")
		}
	})
}

// Re-indenting leaves a multi-line raw string's content alone.
func TestRawString(t *testing.T) {
	want := `line one
	line two
line three`
	time.Sleep(time.Millisecond) // want "DET001"
	if !strings.Contains(want, "two") {
		t.Fatal("lost a line")
	}
}

// A goroutine the test joins (through a channel) is fine in a bubble.
func TestJoinedGoroutine(t *testing.T) {
	done := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond) // want "DET001"
		done <- 1
	}()
	if v := <-done; v != 1 {
		t.Fatalf("got %d", v)
	}
}

// Sleeps in a cleanup and in a function literal called on the spot run in the test.
func TestCleanupAndCalledHere(t *testing.T) {
	t.Cleanup(func() {
		time.Sleep(time.Millisecond) // want "DET001"
	})
	func() {
		time.Sleep(time.Millisecond) // want "DET001"
	}()
}

// A one-line subtest body.
func TestOneLine(t *testing.T) {
	t.Run("short", func(t *testing.T) { time.Sleep(time.Millisecond) }) // want "DET001"
}
