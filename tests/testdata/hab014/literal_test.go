package hab014

import (
	"fmt"
	"os"
	"testing"
)

// Not flagged: the defer is inside a function literal that returns before os.Exit.
func TestMain(m *testing.M) {
	os.Exit(func() int {
		defer fmt.Println("deferred in literal")
		return m.Run()
	}())
}

func TestNothing(t *testing.T) {}
