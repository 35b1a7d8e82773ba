package fails

// fixture: test-fails

import "testing"

func abs(n int) int {
	if n < 0 {
		return n // a bug: the negative row must fail, in exactly that row
	}
	return n
}

func TestAbsPositive(t *testing.T) { // want "HAB009"
	if got := abs(3); got != 3 {
		t.Errorf("abs = %d, want %d", got, 3)
	}
}

func TestAbsZero(t *testing.T) { // want "HAB009"
	if got := abs(0); got != 0 {
		t.Errorf("abs = %d, want %d", got, 0)
	}
}

func TestAbsNegative(t *testing.T) { // want "HAB009"
	if got := abs(-3); got != 3 {
		t.Errorf("abs = %d, want %d", got, 3)
	}
}
