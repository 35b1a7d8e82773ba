package hab008

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// -update rewrites the golden files with the current output.
var _ = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden returns the expected output kept in testdata/<name>.golden.
// With -update it first rewrites that file with got.
func golden[S ~string](t testing.TB, name string, got S) S {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the golden file (go test -update writes it): %v", err)
	}
	return S(want)
}
