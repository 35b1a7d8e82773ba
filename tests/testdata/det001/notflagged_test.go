package det001

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"
)

// Not flagged: a fake server's handler sleeps to play a slow backend; the test does not run it itself.
func TestSlowHandler(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond)
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

type hooks struct {
	onRetry func()
}

// Not flagged: a callback stored for the code under test to call.
func TestStoredCallback(t *testing.T) {
	h := hooks{onRetry: func() { time.Sleep(time.Millisecond) }}
	slow := func() { time.Sleep(time.Millisecond) }
	if h.onRetry == nil || slow == nil {
		t.Fatal("no hooks")
	}
}

// Not flagged: inside a synctest bubble time is fake.
func TestInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		time.Sleep(time.Hour)
		<-time.After(time.Minute)
	})
}

// Not flagged: time.After as a select case is a timeout, not a sleep.
func TestSelectTimeout(t *testing.T) {
	done := make(chan struct{})
	close(done)
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// Not flagged: a function that is not test code.
func waitABit() {
	time.Sleep(time.Millisecond)
}

func TestCallsNonTestCode(t *testing.T) {
	waitABit()
}

type sleeper struct{}

func (sleeper) Sleep(time.Duration) {}

// Not flagged: a local `time` that is not the package.
func TestShadowedTime(t *testing.T) {
	time := sleeper{}
	time.Sleep(1)
}
