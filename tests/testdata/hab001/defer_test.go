package hab001

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close() // want "HAB001 defer runs srv.Close\\(\\) .*t.Cleanup"
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close() // want "HAB001 .*resp.Body.Close"
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // want "HAB001 defer runs cancel\\(\\)"
	if ctx.Err() != nil {
		t.Fatal("cancelled")
	}
}

func TestFile(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(dir, "a")) // want "HAB001 .*os.Remove"

	defer func() { // want "HAB001 .*f.Close"
		if err := f.Close(); err != nil {
			t.Error(err)
		}
	}()
}

// f changes after the defer: the values are captured first (a refactor).
func TestReassigned(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() // want "HAB001"
	f, err = os.Create(filepath.Join(dir, "b"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() // want "HAB001"
}

// Before Go 1.22 a range variable is shared by every iteration; since 1.22 it is not.
func TestLoop(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a", "b"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close() // want "HAB001"
		if _, err := f.WriteString(name); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(filepath.Join(dir, name)) // want "HAB001"
	}
}

func TestSubtest(t *testing.T) {
	t.Run("sub", func(st *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close() // want "HAB001 .*st.Cleanup"
	})
}

func BenchmarkServer(b *testing.B) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close() // want "HAB001 .*b.Cleanup"
	for i := 0; i < b.N; i++ {
		_ = srv.URL
	}
}

// A helper that closes what it returns: a bug today.
func newServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close() // want "HAB001 the deferred srv.Close\\(\\) runs when newServer returns"
	return srv
}

type env struct {
	srv *httptest.Server
}

func newEnv(tb testing.TB) *env {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close() // want "HAB001 .*caller gets srv already released"
	return &env{srv: srv}
}

// A helper that releases what it does not return: a hint.
func statusOf(t *testing.T, url string) int {
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close() // want "HAB001 defer runs"
	return resp.StatusCode
}

func TestHelpers(t *testing.T) {
	srv := newServer(t)
	_ = newEnv(t)
	_ = statusOf(t, srv.URL)
}

// A defer that stays a defer runs before the cleanups: converting the Close after it would change
// their order, so that conversion is a refactor.
func TestOrder(t *testing.T) {
	done := make(chan struct{})
	defer func() { <-done }()
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close() // want "HAB001"
	close(done)
}

func startServer(t *testing.T) (string, func()) {
	srv := httptest.NewServer(http.NotFoundHandler())
	return srv.URL, srv.Close
}

// A local function named close is not the builtin.
func TestLocalClose(t *testing.T) {
	url, close := startServer(t)
	defer close() // want "HAB001 defer runs close\\(\\)"
	if url == "" {
		t.Fatal("no URL")
	}
}

func FuzzServer(f *testing.F) {
	f.Add("a")
	f.Fuzz(func(t *testing.T, s string) {
		srv := httptest.NewServer(http.NotFoundHandler())
		defer srv.Close() // want "HAB001"
		if s == "" {
			t.Skip()
		}
	})
}

type stopper struct{ srv *httptest.Server }

func (s stopper) Stop(t *testing.T) {
	t.Helper()
	s.srv.Close()
}

// The testing value is a parameter nothing assigns: it needs no capture, however many subtests
// declare a `t` of their own.
func TestSubtestsShadowT(t *testing.T) {
	s := stopper{httptest.NewServer(http.NotFoundHandler())}
	defer s.Stop(t) // want "HAB001 defer runs s.Stop\\(\\)"
	t.Run("a", func(t *testing.T) {
		if s.srv.URL == "" {
			t.Fatal("no URL")
		}
	})
}
