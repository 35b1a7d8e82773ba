package con002

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func compute() int { return 42 }

func TestWaitGroup(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = compute()
	}()
	wg.Wait()
}

func TestWaitGroupGo(t *testing.T) {
	var wg sync.WaitGroup
	wg.Go(func() { _ = compute() })
	wg.Wait()
}

func TestDoneChannel(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = compute()
	}()
	<-done
}

func TestResultChannel(t *testing.T) {
	res := make(chan int, 1)
	go func() { res <- compute() }()
	select {
	case v := <-res:
		if v != 42 {
			t.Error(v)
		}
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
}

func waitFor(t *testing.T, errc <-chan error) {
	t.Helper()
	if err := <-errc; err != nil {
		t.Error(err)
	}
}

// The channel is handed to a helper that receives from it.
func TestChannelToHelper(t *testing.T) {
	errc := make(chan error, 1)
	go func() { errc <- errors.New("x") }()
	waitFor(t, errc)
}

// A WaitGroup waited for in t.Cleanup.
func TestWaitInCleanup(t *testing.T) {
	var wg sync.WaitGroup
	t.Cleanup(wg.Wait)
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = compute()
	}()
}

// A server shut down with t.Cleanup.
func TestServerShutDown(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.NotFoundHandler()}
	go srv.Serve(lis)
	t.Cleanup(func() { srv.Close() })
}

// A loop stopped by cancelling its context.
func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-ctx.Done()
	}()
}

// A worker stopped by closing its input.
func TestInputClosed(t *testing.T) {
	in := make(chan int)
	go func() {
		for v := range in {
			_ = v
		}
	}()
	in <- 1
	close(in)
}

// A flag the test polls for.
func TestPolledFlag(t *testing.T) {
	var finished atomic.Bool
	go func() {
		_ = compute()
		finished.Store(true)
	}()
	for !finished.Load() {
		time.Sleep(time.Millisecond)
	}
}

// Inside a synctest bubble, the bubble waits for its goroutines.
func TestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		go func() { _ = compute() }()
	})
}

// Inside a handler: the server's goroutine, not the test's.
func TestInHandler(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() { _ = compute() }()
	}))
	defer srv.Close()
}

// A helper that returns what its goroutine runs: the caller stops it.
func startServer(t *testing.T) *http.Server {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.NotFoundHandler()}
	go srv.Serve(lis)
	return srv
}

func TestUsesServer(t *testing.T) {
	srv := startServer(t)
	defer srv.Close()
}

// A local function started as a goroutine that signals the WaitGroup.
func TestLocalFunc(t *testing.T) {
	var wg sync.WaitGroup
	worker := func(n int) {
		defer wg.Done()
		_ = n
	}
	wg.Add(2)
	go worker(1)
	go worker(2)
	wg.Wait()
}

type app struct{ quit chan struct{} }

func (a *app) Main() { <-a.quit }

func (a *app) Exit() { close(a.quit) }

// Shut down by a method named for it.
func TestExitMethod(t *testing.T) {
	a := &app{quit: make(chan struct{})}
	go a.Main()
	defer a.Exit()
}

type subscriber struct{ ch chan int }

func (s *subscriber) read() int { return <-s.ch }

// One value handed to a channel the code under test reads.
func TestDelivery(t *testing.T) {
	s := &subscriber{ch: make(chan int)}
	go func() {
		s.ch <- 1
	}()
	if s.read() != 1 {
		t.Error("wrong value")
	}
}

// A delayed poke: the sleep is DET001's smell, the goroutine ends with the call the test waits for.
func TestDelayedPoke(t *testing.T) {
	done := make(chan struct{})
	var once sync.Once
	stop := func() { once.Do(func() { close(done) }) }
	go func() {
		time.Sleep(time.Millisecond)
		stop()
	}()
	<-done
}
