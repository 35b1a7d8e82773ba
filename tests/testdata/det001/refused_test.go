package det001

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// The bubble is refused where synctest cannot run the body (t.Run, t.Parallel, t.Deadline, a goroutine
// never joined).  A test that reads the wall clock gets the clock injection instead.

func TestRunsSubtests(t *testing.T) {
	start := time.Now()
	time.Sleep(time.Millisecond) // want "DET001 .*inject a clock"
	t.Run("sub", func(t *testing.T) {
		if time.Since(start) < time.Millisecond {
			t.Error("woke up early")
		}
	})
}

func TestParallel(t *testing.T) {
	t.Parallel()
	start := time.Now()
	time.Sleep(time.Millisecond) // want "DET001 .*inject a clock"
	if time.Since(start) < time.Millisecond {
		t.Error("woke up early")
	}
}

func TestDeadline(t *testing.T) {
	if _, ok := t.Deadline(); !ok {
		t.Log("no deadline")
	}
	start := time.Now()
	time.Sleep(time.Millisecond) // want "DET001 .*inject a clock"
	if time.Since(start) < time.Millisecond {
		t.Error("woke up early")
	}
}

func TestUnjoinedGoroutine(t *testing.T) {
	var n atomic.Int32
	go func() {
		n.Add(1)
	}()
	start := time.Now()
	time.Sleep(time.Millisecond) // want "DET001 .*inject a clock"
	if time.Since(start) < time.Millisecond {
		t.Error("woke up early")
	}
}

// Real network I/O: the bubble cannot fake it, and a fake clock would break the waits: no fix.
func TestRealServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	start := time.Now()
	time.Sleep(time.Millisecond) // want "DET001 .*wait for the event"
	if time.Since(start) < time.Millisecond {
		t.Error("woke up early")
	}
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// No fix: the sleep waits for real work, and the test reads no clock an injected one could replace.
func TestOnlySleeps(t *testing.T) {
	var n atomic.Int32
	go n.Add(1)
	time.Sleep(time.Millisecond) // want "DET001 .*wait for the event"
}

// No fix in a benchmark or a helper: neither a bubble (no *testing.T test body) nor a clock to inject.
func BenchmarkSleep(b *testing.B) {
	for i := 0; i < b.N; i++ {
		time.Sleep(time.Nanosecond) // want "DET001"
	}
}

func settle(tb testing.TB) {
	tb.Helper()
	time.Sleep(time.Millisecond) // want "DET001"
}

func TestUsesSettle(t *testing.T) {
	settle(t)
}
