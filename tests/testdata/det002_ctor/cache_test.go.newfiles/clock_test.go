package det002ctor

import (
	"sync"
	"time"
)

// fakeClock is a Clock that moves only when the test advances it: every run sees the same times, at any
// hour of the day and under any load.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

// newFakeClock starts at a fixed instant.
func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, time.January, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

func (c *fakeClock) Until(t time.Time) time.Duration { return t.Sub(c.Now()) }

// After returns a channel that receives the fake time once the clock has been advanced by d.
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	return ch
}

// Sleep advances the clock instead of waiting.
func (c *fakeClock) Sleep(d time.Duration) { c.Advance(d) }

// Advance moves the clock forward by d and fires the After channels that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}

var _ Clock = (*fakeClock)(nil)
