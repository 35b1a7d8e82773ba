package det003

import (
	"testing"
	"testing/synctest"
	"time"
)

// Not flagged: the time.After branch only guards a real completion signal.
func TestSelectTimeoutGuard(t *testing.T) {
	done := make(chan struct{})
	go close(done)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("timed out")
	}
}

// Not flagged: the same guard in a loop over real events.
func TestEventLoopWithTimeout(t *testing.T) {
	events := make(chan int, 3)
	for i := 1; i <= 3; i++ {
		events <- i
	}
	for {
		select {
		case ev := <-events:
			if ev == 3 {
				return
			}
		case <-time.After(5 * time.Second):
			t.Fatal("timed out")
		}
	}
}

// Not flagged here (DET001's): a loop that sleeps a fixed number of times, with no way out.
func TestFixedSleeps(t *testing.T) {
	for i := 0; i < 3; i++ {
		time.Sleep(time.Millisecond)
	}
}

// Not flagged: polling inside a synctest bubble is instant and exact.
func TestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &server{}
		s.start()
		for !s.Ready() {
			time.Sleep(time.Millisecond)
		}
	})
}

// Not flagged: a plain sleep outside any loop (DET001's).
func TestPlainSleep(t *testing.T) {
	time.Sleep(time.Millisecond)
}
