package con007

import (
	"log"
	"os"
	"strings"
	"testing"
)

var calls int

func TestParallelEvidence(t *testing.T) {
	t.Parallel()
}

// Environment and working directory.
func TestSetenv(t *testing.T) {
	t.Setenv("CON007_A", "1")
}

func TestChdir(t *testing.T) {
	t.Chdir(t.TempDir())
}

func TestOsSetenv(t *testing.T) {
	os.Setenv("CON007_B", "1")
	defer os.Unsetenv("CON007_B")
}

func TestSetenvInSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		t.Setenv("CON007_C", "1")
	})
}

func setupEnv(t *testing.T) {
	t.Helper()
	t.Setenv("CON007_D", "1")
}

func TestSetenvInHelper(t *testing.T) {
	setupEnv(t)
}

// Package state.
func TestWritesPackageVar(t *testing.T) {
	calls++
}

func TestGlobalSetter(t *testing.T) {
	log.SetFlags(0)
}

// Measuring allocations panics in a parallel test.
func TestAllocs(t *testing.T) {
	if testing.AllocsPerRun(10, func() { _ = strings.Repeat("a", 2) }) > 10 {
		t.Error("allocates")
	}
}

// A fixed port is shared by every run.
func TestFixedPort(t *testing.T) {
	if !strings.Contains("127.0.0.1:18080", ":") {
		t.Fatal("no port")
	}
}

// Subtests writing what their siblings write.
func TestSubtestsShareCounter(t *testing.T) {
	t.Parallel()
	total := 0
	for _, n := range []int{1, 2} {
		t.Run("add", func(t *testing.T) {
			total += n
		})
	}
	if total != 3 {
		t.Error(total)
	}
}

// Subtests changing a value they share.
func TestSubtestsShareBuilder(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, s := range []string{"a", "b"} {
		t.Run(s, func(t *testing.T) {
			b.WriteString(s)
		})
	}
}

// A parent that defers a cleanup: parallel subtests would run after it (CON005).
func TestParentDefers(t *testing.T) {
	t.Parallel()
	f, err := os.CreateTemp(t.TempDir(), "x")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, s := range []string{"a", "b"} {
		t.Run(s, func(t *testing.T) {
			_ = s
		})
	}
}

// Subtests outside a table loop: steps that may depend on each other.
func TestSteps(t *testing.T) {
	t.Parallel()
	t.Run("first", func(t *testing.T) {})
	t.Run("second", func(t *testing.T) {})
}
