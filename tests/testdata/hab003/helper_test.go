package hab003

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustRead(t *testing.T, path string) string { // want "HAB003 mustRead reports failures without calling t.Helper\\(\\)"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return string(data)
}

func checkPrefix(tb testing.TB, s, prefix string) { // want "HAB003 .*tb.Helper\\(\\)"
	// The body starts with a comment.
	if !strings.HasPrefix(s, prefix) {
		tb.Errorf("%q does not start with %q", s, prefix)
	}
}

func needFile(b *testing.B, path string) { // want "HAB003 .*b.Helper"
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no %s: %v", path, err)
	}
}

func failIfEmpty(t *testing.T, s string) { // want "HAB003"
	if s == "" {
		t.Fail()
	}
	if len(s) > 100 {
		t.FailNow()
	}
}

func fatal(t *testing.T, msg string) { t.Fatal(msg) } // want "HAB003 fatal"

// Reports through another helper of the file.
func writeAndRead(t *testing.T, content string) string { // want "HAB003 writeAndRead"
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		fatal(t, err.Error())
	}
	return mustRead(t, path)
}

type fixture struct{ dir string }

func (f *fixture) mustExist(t *testing.T, name string) { // want "HAB003 mustExist"
	if _, err := os.Stat(filepath.Join(f.dir, name)); err != nil {
		t.Error(err)
	}
}

func TestUsesHelpers(t *testing.T) {
	got := writeAndRead(t, "hello")
	checkPrefix(t, got, "he")
	failIfEmpty(t, got)
	f := &fixture{dir: t.TempDir()}
	if err := os.WriteFile(filepath.Join(f.dir, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f.mustExist(t, "x")
}

func BenchmarkUsesHelper(b *testing.B) {
	needFile(b, os.Args[0])
	for i := 0; i < b.N; i++ {
	}
}
