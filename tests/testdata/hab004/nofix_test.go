package hab004

import (
	"os"
	"testing"
)

// Not flagged: TestMain has no t.
func TestMain(m *testing.M) {
	os.Setenv("MAIN", "1")
	os.Exit(m.Run())
}

// Not flagged: parallel tests are CON006's (t.Setenv would panic there).
func TestParallel(t *testing.T) {
	t.Parallel()
	os.Setenv("P", "1")
}

func TestParallelSubtest(t *testing.T) {
	t.Parallel()
	t.Run("sub", func(t *testing.T) {
		os.Setenv("P2", "1")
	})
}

// Not flagged: restoring the environment in a defer or a cleanup.
func TestRestore(t *testing.T) {
	old := os.Getenv("R")
	t.Cleanup(func() { os.Setenv("R", old) })
	defer os.Setenv("R", old)
}

// Not flagged: a local `os` that is not the package.
func TestShadowed(t *testing.T) {
	os := fakeOS{}
	os.Setenv("S", "1")
}

type fakeOS struct{}

func (fakeOS) Setenv(k, v string) {}

// Not flagged: not test code.
func configure() {
	os.Setenv("X", "1")
}

func TestUsesConfigure(t *testing.T) {
	configure()
}
