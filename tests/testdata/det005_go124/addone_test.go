package det005go124

import (
	"sync/atomic"
	"testing"
	"time"
)

// Before Go 1.25 there is no wg.Go: wg.Add(1) before the goroutine, defer wg.Done() in it.
func TestAddDone(t *testing.T) {
	var n atomic.Int32
	for i := 0; i < 3; i++ {
		go func() {
			n.Add(1)
		}()
	}
	time.Sleep(10 * time.Millisecond) // want "DET005"
	if n.Load() != 3 {
		t.Fatal("a goroutine did not run")
	}
}

type box struct{ v atomic.Int32 }

func (b *box) set(v int32) { b.v.Store(v) }

// `go b.set(7)` is wrapped in a literal so it can call wg.Done().
func TestMethodCall(t *testing.T) {
	b := &box{}
	go b.set(7)
	time.Sleep(10 * time.Millisecond) // want "DET005"
	if b.v.Load() != 7 {
		t.Fatal("not set")
	}
}
