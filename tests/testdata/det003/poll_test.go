package det003

import (
	"sync/atomic"
	"testing"
	"time"
)

type server struct{ ready atomic.Bool }

func (s *server) start()      { go s.ready.Store(true) }
func (s *server) Ready() bool { return s.ready.Load() }

// A loop that sleeps until a condition holds.
func TestSleepUntilReady(t *testing.T) {
	s := &server{}
	s.start()
	for !s.Ready() {
		time.Sleep(time.Millisecond) // want "DET003 polling.*sync.WaitGroup.*synctest"
	}
}

// `for {}` with a way out, and a bare <-time.After.
func TestForeverWithBreak(t *testing.T) {
	s := &server{}
	s.start()
	for {
		if s.Ready() {
			break
		}
		<-time.After(time.Millisecond) // want "DET003"
	}
}

// A bounded retry loop that stops on success.
func TestRetry(t *testing.T) {
	s := &server{}
	s.start()
	for i := 0; i < 1000; i++ {
		if s.Ready() {
			return
		}
		time.Sleep(time.Millisecond) // want "DET003"
	}
	t.Fatal("never ready")
}

// A ticker: a receive in the loop, and a range over it.
func TestTicker(t *testing.T) {
	s := &server{}
	s.start()
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	for !s.Ready() {
		<-ticker.C // want "DET003"
	}
	for range ticker.C { // want "DET003"
		if s.Ready() {
			break
		}
	}
}

// A select whose time.After case only waits paces a polling loop.
func TestSelectPacing(t *testing.T) {
	s := &server{}
	s.start()
	stop := make(chan struct{})
	for {
		select {
		case <-stop:
			t.Fatal("stopped")
		case <-time.After(time.Millisecond): // want "DET003"
		}
		if s.Ready() {
			return
		}
	}
}

// A loop condition that is not a plain counter, with the sleep in the header.
func TestHeaderSleep(t *testing.T) {
	s := &server{}
	s.start()
	for ; !s.Ready(); <-time.After(time.Millisecond) { // want "DET003"
	}
}
