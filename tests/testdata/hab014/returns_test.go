package hab014

import (
	"fmt"
	"os"
	"testing"
)

// Not flagged: TestMain returns (Go >= 1.15), so its defers run.
func TestMain(m *testing.M) {
	defer fmt.Println("deferred")
	m.Run()
}

func TestNothing(t *testing.T) {
	_ = os.Args
}
