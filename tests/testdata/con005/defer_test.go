package con005

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestServerClosedTooEarly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.URL.Path)
	}))
	defer srv.Close() // want "CON005 the deferred `srv.Close\\(\\)` runs when the test function returns, before its parallel subtests.*`srv`"
	for _, path := range []string{"/a", "/b"} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if string(body) != path {
				t.Errorf("got %q, want %q", body, path)
			}
		})
	}
}

func TestContextCancelledTooEarly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // want "CON005 .*`cancel\\(\\)`.*`ctx`"
	t.Run("uses ctx", func(t *testing.T) {
		t.Parallel()
		if ctx.Err() != nil {
			t.Fatal("context already cancelled")
		}
	})
}

type store struct{ dir string }

func newStore(dir string) *store { return &store{dir: dir} }

func (s *store) path(name string) string { return filepath.Join(s.dir, name) }

// What the subtests use is computed from what the defer releases.
func TestDerivedValue(t *testing.T) {
	dir, err := os.MkdirTemp("", "con005")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { // want "CON005 the deferred `os.RemoveAll\\(dir\\)`.*`st`"
		os.RemoveAll(dir)
	}()
	st := newStore(dir)
	for _, name := range []string{"x", "y"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := os.WriteFile(st.path(name), []byte(name), 0o600); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A table built from the resource: the rows carry it into the subtests.
func TestTableRows(t *testing.T) {
	dir, err := os.MkdirTemp("", "con005")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir) // want "CON005 .*`os.RemoveAll\\(dir\\)`.*`tc`"
	cases := []struct{ file string }{
		{filepath.Join(dir, "a")},
		{filepath.Join(dir, "b")},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			t.Parallel()
			if err := os.WriteFile(tc.file, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// The defer sits in a subtest that groups parallel subtests of its own.
func TestGroupDefer(t *testing.T) {
	t.Run("group", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel() // want "CON005"
		t.Run("inner", func(t *testing.T) {
			t.Parallel()
			if ctx.Err() != nil {
				t.Fatal("cancelled")
			}
		})
	})
}

// The receiver is reassigned after the defer: the fix captures it first (a refactor).
func TestReassigned(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close() // want "CON005"
	url := srv.URL
	t.Run("get", func(t *testing.T) {
		t.Parallel()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
	srv = httptest.NewServer(http.NotFoundHandler())
	srv.Close()
}
