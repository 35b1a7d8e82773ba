package hab005

import (
	"io/ioutil"
	"os"
	"path/filepath"
	"testing"
)

func TestMkdirTemp(t *testing.T) {
	dir, err := os.MkdirTemp("", "write") // want "HAB005 os.MkdirTemp .*t.TempDir"
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "a"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestIoutil(t *testing.T) {
	dir, err := ioutil.TempDir("", "old") // want "HAB005 ioutil.TempDir"
	if err != nil {
		t.Fatalf("tempdir: %v", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	if dir == "" {
		t.Fatal("empty")
	}
}

func TestNoRemove(t *testing.T) {
	dir, _ := os.MkdirTemp(os.TempDir(), "x") // want "HAB005"
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}

// err is assigned again later with `=`: it stays declared.
func TestErrReused(t *testing.T) {
	dir, err := os.MkdirTemp("", "x") // want "HAB005"
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	_, err = os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
}

// The directory variable already exists: the fix assigns it.
func TestAssign(t *testing.T) {
	var dir string
	dir, err := os.MkdirTemp("", "x") // want "HAB005"
	if err != nil {
		t.Fatal(err)
	}
	if dir == "" {
		t.Fatal("empty")
	}
}

func BenchmarkTemp(b *testing.B) {
	dir, err := os.MkdirTemp("", "bench") // want "HAB005 .*b.TempDir"
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for i := 0; i < b.N; i++ {
		_ = filepath.Join(dir, "x")
	}
}

func tempHelper(tb testing.TB) string {
	tb.Helper()
	dir, err := os.MkdirTemp("", "helper") // want "HAB005 .*tb.TempDir"
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

func TestSubtest(t *testing.T) {
	_ = tempHelper(t)
	t.Run("inner", func(st *testing.T) {
		d, err := os.MkdirTemp("", "sub") // want "HAB005 .*st.TempDir"
		if err != nil {
			st.Fatal(err)
		}
		defer os.RemoveAll(d)
		if d == "" {
			st.Fatal("empty")
		}
	})
}

// Flagged, no fix: only the removal used the directory.
func TestUnused(t *testing.T) {
	d, err := os.MkdirTemp("", "x") // want "HAB005"
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(d)
}
