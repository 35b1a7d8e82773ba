package det005

import (
	"net"
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

// Not flagged: a goroutine that serves until the listener closes is not waited for by the sleep (the
// sleep orders things: DET001's).
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
	time.Sleep(time.Millisecond)
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	_ = accepted.Load()
}

// Not flagged: the goroutine is joined later; the sleep only lets it get going (an ordering, DET001's).
func TestJoinedLater(t *testing.T) {
	var n atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Add(1)
	}()
	time.Sleep(time.Millisecond)
	if n.Load() > 1 {
		t.Fatal("ran twice")
	}
	<-done
}

// Not flagged: after the sleep the test acts on shared state rather than checking it (ordering).
func TestActsAfter(t *testing.T) {
	c := &counter{}
	go c.incr()
	time.Sleep(time.Millisecond)
	c.incr()
}
