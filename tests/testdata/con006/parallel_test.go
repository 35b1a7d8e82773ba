package con006

import (
	"os"
	"testing"
)

func TestSetenvParallel(t *testing.T) {
	t.Parallel()
	t.Setenv("APP_ENV", "test") // want "CON006 t.Setenv panics in a parallel test"
	if os.Getenv("APP_ENV") != "test" {
		t.Fatal("not set")
	}
}

func TestSetenvBeforeParallel(t *testing.T) {
	t.Setenv("APP_MODE", "fast") // want "CON006 t.Setenv panics"
	t.Parallel()
}

func TestChdirParallel(t *testing.T) {
	t.Parallel()
	t.Chdir(t.TempDir()) // want "CON006 t.Chdir panics"
}

func TestSetenvInParallelSubtest(t *testing.T) {
	t.Run("sub", func(st *testing.T) {
		st.Parallel()
		st.Setenv("SUB_ENV", "1") // want "CON006 st.Setenv panics"
	})
}

// The parent is parallel: t.Setenv in its subtest panics too, and the fix removes the parent's call.
func TestSetenvUnderParallelParent(t *testing.T) {
	t.Parallel()
	t.Run("sub", func(t *testing.T) {
		t.Setenv("CHILD_ENV", "1") // want "CON006 t.Setenv panics"
	})
}

func TestOsSetenvParallel(t *testing.T) {
	t.Parallel()
	os.Setenv("RACE_ENV", "1") // want "CON006 os.Setenv in a parallel test changes the environment.*t.Setenv"
	defer os.Unsetenv("RACE_ENV")
	defer os.Setenv("RACE_ENV", "")
}

func TestOsChdirParallel(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(t.TempDir()); err != nil { // want "CON006 os.Chdir in a parallel test changes the working directory.*t.Chdir"
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chdir(wd) })
}

// The removed call sat between blank lines: one of them goes with it, as gofmt wants.
func TestBetweenBlankLines(t *testing.T) {
	dir := t.TempDir()

	t.Parallel()

	t.Setenv("BLANK_ENV", dir) // want "CON006 t.Setenv panics"
}
