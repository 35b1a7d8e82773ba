package hab011

import (
	"os"
	"testing"
)

// Not flagged: a reason is given.
func TestSkipReason(t *testing.T) {
	t.Skip("needs a database")
}

func TestSkipf(t *testing.T) {
	t.Skipf("needs %s", "a database")
}

func TestSkipValue(t *testing.T) {
	reason := "needs a database"
	t.Skip(reason)
}

// Not flagged: the log line right before SkipNow is the reason.
func TestLogThenSkipNow(t *testing.T) {
	if os.Getenv("NO_SUCH_VARIABLE_HAB011") == "" {
		t.Log("NO_SUCH_VARIABLE_HAB011 is not set")
		t.SkipNow()
	}
}

// Not flagged: not a testing value.
type skipper struct{}

func (skipper) Skip()    {}
func (skipper) SkipNow() {}

func TestOtherSkip(t *testing.T) {
	var s skipper
	s.Skip()
	s.SkipNow()
}

func TestShadowed(t *testing.T) {
	t.Run("x", func(*testing.T) {
		t := skipper{}
		t.Skip()
	})
}

// Not flagged: not test code.
func skipAll(s skipper) {
	s.SkipNow()
}
