package hab014

import (
	"fmt"
	"os"
	"testing"
)

// Not flagged: the defer runs on the path that returns; the function literals' defers run when they
// return; the function does not end in os.Exit.
func TestMain(m *testing.M) {
	if len(os.Args) == 0 {
		defer fmt.Println("deferred before return")
		return
	}
	code := func() int {
		defer fmt.Println("deferred in literal")
		return m.Run()
	}()
	if code != 0 {
		os.Exit(code)
	}
}

func TestNothing(t *testing.T) {}
