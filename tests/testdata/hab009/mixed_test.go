package mixed

import (
	"fmt"
	"testing"
)

// Mixed literal kinds.  Passed to an interface{} parameter, 1, "one" and 1.5 keep their own types in an
// `any` field, as they did in the originals; the expected text is a string.

func TestSprintInt(t *testing.T) { // want "HAB009"
	if got := fmt.Sprint(1); got != "1" {
		t.Errorf("got %q", got)
	}
}

func TestSprintString(t *testing.T) { // want "HAB009"
	if got := fmt.Sprint("one"); got != "one" {
		t.Errorf("got %q", got)
	}
}

func TestSprintFloat(t *testing.T) { // want "HAB009"
	if got := fmt.Sprint(1.5); got != "1.5" {
		t.Errorf("got %q", got)
	}
}

// Assigned with `:=`, an int and a float64 would give `v` two types: Go cannot type one field for both,
// so the group is reported without a conversion.

func TestHalfOfTwo(t *testing.T) { // want "HAB009"
	v := 2
	if v/2 != 1 {
		t.Error("bad")
	}
}

func TestHalfOfThree(t *testing.T) { // want "HAB009"
	v := 3.0
	if v/2 != 1.5 {
		t.Error("bad")
	}
}

func TestHalfOfFour(t *testing.T) { // want "HAB009"
	v := 4
	if v/2 != 2 {
		t.Error("bad")
	}
}
