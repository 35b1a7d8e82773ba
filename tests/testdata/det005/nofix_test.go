package det005

import (
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// Flagged, no fix: the goroutine serves until the listener closes, so waiting for it would hang.
func TestServerGoroutine(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepted atomic.Int32
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	time.Sleep(10 * time.Millisecond) // want "DET005"
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	_ = accepted.Load()
}
