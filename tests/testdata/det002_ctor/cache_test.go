package det002ctor

// The golden checks copy the area's cache.go beside it.

import (
	"testing"
	"time"
)

// The constructor takes a Clock (found in cache.go): the fix hands it the fake, and the sleep becomes
// advancing that fake, so the entry expires without waiting.
func TestCacheExpiry(t *testing.T) {
	c := NewCache(time.Second, SystemClock{})
	before := time.Now() // want "DET002 time.Now"
	c.Set("k")
	if c.SetAt("k").Before(before) {
		t.Fatal("set before the test started")
	}
	time.Sleep(2 * time.Second)
	if c.Has("k") {
		t.Fatal("entry did not expire")
	}
}

// A `func() time.Time` parameter gets the fake's Now.
func TestLimiter(t *testing.T) {
	l := NewLimiter(time.Second, time.Now)
	start := time.Now()
	if !l.Allow() {
		t.Fatal("first event refused")
	}
	time.Sleep(time.Second)
	if time.Since(start) < time.Second { // want "DET002 time.Since"
		t.Fatal("woke up early")
	}
	if !l.Allow() {
		t.Fatal("second event refused after the gap")
	}
}
