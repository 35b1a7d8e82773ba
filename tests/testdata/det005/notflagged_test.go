package det005

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// Not flagged: joined by a WaitGroup before the read (the sleep is DET001's, not run here).
func TestWaitGroup(t *testing.T) {
	var n atomic.Int32
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		n.Add(1)
	}()
	time.Sleep(time.Millisecond)
	wg.Wait()
	if n.Load() != 1 {
		t.Fatal("goroutine did not run")
	}
}

// Not flagged: joined by a channel it closes, before the read.
func TestChannel(t *testing.T) {
	var n atomic.Int32
	done := make(chan struct{})
	go func() {
		n.Add(1)
		close(done)
	}()
	<-done
	time.Sleep(time.Millisecond)
	if n.Load() != 1 {
		t.Fatal("goroutine did not run")
	}
}

// Not flagged: the read after the sleep is the join itself (a receive from the goroutine's channel).
func TestReadIsJoin(t *testing.T) {
	results := make(chan int)
	go func() { results <- 42 }()
	time.Sleep(time.Millisecond)
	if v := <-results; v != 42 {
		t.Fatal(v)
	}
}

// Not flagged: the test never reads what the goroutine changes.
func TestNoRead(t *testing.T) {
	var n atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Add(1)
	}()
	time.Sleep(time.Millisecond)
	t.Log("slept")
	<-done
}

// Not flagged: inside a synctest bubble.
func TestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var n atomic.Int32
		go func() { n.Add(1) }()
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if n.Load() != 1 {
			t.Fatal("goroutine did not run")
		}
	})
}
