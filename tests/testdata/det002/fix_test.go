package det002

import (
	"testing"
	"time"
)

// token is clock-agnostic: it is handed the time.
type token struct{ expires time.Time }

func newToken(now time.Time, ttl time.Duration) token { return token{expires: now.Add(ttl)} }

func (tk token) validAt(now time.Time) bool { return now.Before(tk.expires) }

// The test hands the code its times: a fake clock keeps every check meaningful.
func TestTokenExpires(t *testing.T) {
	tk := newToken(time.Now(), time.Minute)
	later := time.Now().Add(2 * time.Minute) // want "DET002 time.Now"
	if !later.After(tk.expires) {
		t.Fatal("token outlives its ttl")
	}
	time.Sleep(10 * time.Millisecond)
	if !tk.validAt(time.Now()) {
		t.Fatal("token expired early")
	}
}

// Elapsed time around a sleep: on the fake clock it is exactly the sleep.
func TestSleepMeasured(t *testing.T) {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	if d := time.Since(start); d < 20*time.Millisecond { // want "DET002 time.Since"
		t.Fatalf("slept only %v", d)
	}
	t.Logf("slept %v", time.Since(start))
}

// A deadline stays on the real clock while the logic moves to the fake one.
func TestKeepsDeadline(t *testing.T) {
	deadline := time.Now().Add(time.Second)
	start := time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
		break
	}
	if time.Since(start) < time.Millisecond { // want "DET002 time.Since"
		t.Fatal("did not sleep")
	}
}
