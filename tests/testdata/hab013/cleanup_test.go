package hab013

import (
	"os"
	"testing"
)

func TestDeferredCleanup(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer t.Cleanup(func() { f.Close() }) // want "HAB013 defer t.Cleanup registers"
	if _, err := f.WriteString("data"); err != nil {
		t.Fatal(err)
	}
}

func TestDeferredCleanupMethodValue(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer t.Cleanup(func() { _ = f.Close() }) // want "HAB013"
}

func TestSubtest(t *testing.T) {
	t.Run("inner", func(st *testing.T) {
		defer st.Cleanup(func() {}) // want "HAB013 defer st.Cleanup"
	})
}

func BenchmarkDeferredCleanup(b *testing.B) {
	defer b.Cleanup(func() {}) // want "HAB013 defer b.Cleanup"
	for i := 0; i < b.N; i++ {
	}
}

func setup(tb testing.TB) string {
	dir := tb.TempDir()
	defer tb.Cleanup(func() { os.RemoveAll(dir) }) // want "HAB013 defer tb.Cleanup"
	return dir
}

func TestUsesSetup(t *testing.T) {
	_ = setup(t)
}
