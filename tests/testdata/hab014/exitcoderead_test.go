package hab014

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if len(os.Args) > 0 {
		// Never runs either: the process exits before this function returns.
		defer fmt.Println("nested") // want "HAB014"
	}
	exitCode := m.Run()
	if exitCode != 0 {
		fmt.Println("tests failed")
	}
	os.Exit(exitCode)
}

func TestNothing(t *testing.T) {}
