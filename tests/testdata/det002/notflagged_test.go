package det002

import (
	"context"
	"net"
	"testing"
	"testing/synctest"
	"time"
)

func process(at time.Time) time.Time { return at }

// Not flagged: deadlines and timeouts only.
func TestDeadlines(t *testing.T) {
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(time.Second))
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, time.Until(time.Now().Add(time.Second)))
	defer cancel2()
	_ = ctx
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		break
	}
	timer := time.NewTimer(time.Until(deadline))
	timer.Stop()
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	if err := c1.SetDeadline(time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	for {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		break
	}
}

// Not flagged: log lines and failure messages.
func TestLogs(t *testing.T) {
	start := time.Now()
	t.Logf("started at %v", start)
	if start.IsZero() {
		t.Errorf("zero start after %v", time.Since(start))
	}
}

// Not flagged: a time handed to the code under test and never compared by the test.
func TestHandedOn(t *testing.T) {
	got := process(time.Now())
	if got.IsZero() {
		t.Fatal("zero")
	}
}

// Not flagged: timing in a benchmark.
func BenchmarkTiming(b *testing.B) {
	start := time.Now()
	for i := 0; i < b.N; i++ {
	}
	if time.Since(start) > time.Hour {
		b.Fatal("slow")
	}
}

// Not flagged: inside a synctest bubble time is fake.
func TestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		time.Sleep(time.Second)
		if time.Since(start) != time.Second {
			t.Fatal("fake time moved oddly")
		}
	})
}

// Not flagged: inside a callback the code under test calls.
func TestCallback(t *testing.T) {
	check := func(at time.Time) bool { return time.Now().After(at) }
	if check == nil {
		t.Fatal("no callback")
	}
}
