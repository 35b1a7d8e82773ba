package det005

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Flagged, no fix: the test checks that the goroutine has NOT got past the lock yet; waiting for it to
// finish would hang.
func TestStillBlocked(t *testing.T) {
	var mu sync.Mutex
	var got atomic.Bool
	mu.Lock()
	go func() {
		mu.Lock()
		got.Store(true)
		mu.Unlock()
	}()
	time.Sleep(10 * time.Millisecond) // want "DET005"
	if got.Load() {
		t.Fatal("acquired a held lock")
	}
	mu.Unlock()
}
