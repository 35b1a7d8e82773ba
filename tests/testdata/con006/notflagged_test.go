package con006

import (
	"os"
	"testing"
)

// The same calls in tests that are not parallel.
func TestSetenvSequential(t *testing.T) {
	t.Setenv("SEQ_ENV", "1")
	t.Chdir(t.TempDir())
	os.Setenv("SEQ_OS_ENV", "1")
	defer os.Unsetenv("SEQ_OS_ENV")
}

// A sequential subtest of a sequential test, next to a parallel sibling.
func TestSiblings(t *testing.T) {
	t.Run("parallel", func(t *testing.T) {
		t.Parallel()
	})
	t.Run("sequential", func(t *testing.T) {
		t.Setenv("SIB_ENV", "1")
	})
}
