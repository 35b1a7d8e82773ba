package con005

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// No parallel subtests: t.Run waits for each one before the defer runs.
func TestSequentialSubtests(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	t.Run("get", func(t *testing.T) {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
}

// Synchronisation is not cleanup.
func TestSyncDefers(t *testing.T) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	ch := make(chan struct{})
	mu.Lock()
	defer mu.Unlock()
	wg.Add(1)
	go func() {
		defer wg.Done()
	}()
	wg.Wait()
	defer close(ch)
	t.Run("p", func(t *testing.T) {
		t.Parallel()
		_ = &mu
		_ = ch
	})
}

// The parallel subtests do not use what the defer releases.
func TestUnrelated(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if ctx.Err() != nil {
		t.Fatal("cancelled")
	}
	t.Run("p", func(t *testing.T) {
		t.Parallel()
	})
}

// A sequential group waits for its parallel subtests before the parent's defer runs.
func TestSequentialGroup(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	t.Run("group", func(t *testing.T) {
		t.Run("p", func(t *testing.T) {
			t.Parallel()
			resp, err := http.Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		})
	})
}

// Already a cleanup.
func TestCleanup(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	t.Run("p", func(t *testing.T) {
		t.Parallel()
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
}

// A defer inside the subtest closure runs when that subtest ends.
func TestDeferInSubtest(t *testing.T) {
	t.Run("p", func(t *testing.T) {
		t.Parallel()
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close()
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
}
