// Package det002ctor is code under test whose constructors take a clock.
package det002ctor

import (
	"sync"
	"time"
)

// Clock is where the cache reads the time.
type Clock interface {
	Now() time.Time
}

// SystemClock is the wall clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// Cache remembers when each key was set.
type Cache struct {
	mu    sync.Mutex
	clock Clock
	ttl   time.Duration
	at    map[string]time.Time
}

// NewCache makes a cache whose entries live for ttl.
func NewCache(ttl time.Duration, clock Clock) *Cache {
	return &Cache{clock: clock, ttl: ttl, at: map[string]time.Time{}}
}

// Set stores k now.
func (c *Cache) Set(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at[k] = c.clock.Now()
}

// SetAt says when k was set.
func (c *Cache) SetAt(k string) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at[k]
}

// Has says whether k is still alive.
func (c *Cache) Has(k string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.at[k]
	return ok && c.clock.Now().Sub(at) < c.ttl
}

// Limiter allows one event per interval, reading the time from now.
type Limiter struct {
	now  func() time.Time
	last time.Time
	gap  time.Duration
}

// NewLimiter takes the function it reads the time from.
func NewLimiter(gap time.Duration, now func() time.Time) *Limiter {
	return &Limiter{now: now, gap: gap}
}

// Allow reports whether an event may happen now.
func (l *Limiter) Allow() bool {
	n := l.now()
	if !l.last.IsZero() && n.Sub(l.last) < l.gap {
		return false
	}
	l.last = n
	return true
}
