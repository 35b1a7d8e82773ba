package hab001

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
)

// Not flagged: defers that release no resource.
func TestSync(t *testing.T) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	ch := make(chan int)
	mu.Lock()
	defer mu.Unlock()
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ch)
	}()
	wg.Wait()
	stop := make(chan struct{})
	defer close(stop)
	defer func() {
		if r := recover(); r != nil {
			t.Fatal(r)
		}
	}()
	defer func() {
		mu.Lock()
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		mu.Unlock()
	}()
}

// Not flagged: defers inside goroutines, callbacks and other function literals.
func TestInLiterals(t *testing.T) {
	done := make(chan struct{})
	go func() {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close()
		close(done)
	}()
	<-done
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer r.Body.Close()
		_, _ = io.Copy(io.Discard, r.Body)
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	func() {
		f, err := os.CreateTemp(t.TempDir(), "x")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
	}()
}

// Not flagged: TestMain.
func TestMain(m *testing.M) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	m.Run()
}

// Not flagged: not test code.
func serve() {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
}

// Not flagged: a removal HAB005's fix drops, and an Unsetenv HAB004's fix drops.
func TestOtherRules(t *testing.T) {
	dir, err := os.MkdirTemp("", "x")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("HAB001_X", dir)
	defer os.Unsetenv("HAB001_X")
	serve()
}

// Not flagged: a literal that takes a t but is no subtest returns long before t's cleanups run.
func TestCheckClosure(t *testing.T) {
	check := func(t *testing.T, body string) {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close()
		if body == "" {
			t.Fatal("empty")
		}
	}
	for _, b := range []string{"a", "b"} {
		check(t, b)
	}
}
