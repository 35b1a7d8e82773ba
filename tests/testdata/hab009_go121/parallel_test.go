package parallel

import (
	"strings"
	"testing"
)

// Before Go 1.22 a loop variable is shared by all iterations: the parallel subtests the conversion
// creates get their own copy (`tc := tc`), and the parent test stays parallel as the originals were.

func TestHasPrefixGo(t *testing.T) { // want "HAB009"
	t.Parallel()
	if !strings.HasPrefix("gopher", "go") {
		t.Error("no prefix")
	}
}

func TestHasPrefixGoph(t *testing.T) { // want "HAB009"
	t.Parallel()
	if !strings.HasPrefix("gopher", "goph") {
		t.Error("no prefix")
	}
}

func TestHasPrefixEmpty(t *testing.T) { // want "HAB009"
	t.Parallel()
	if !strings.HasPrefix("gopher", "") {
		t.Error("no prefix")
	}
}
