package five

import (
	"math"
	"testing"
)

// Five tests whose literals mix kinds at one position: 4 and 2.25 both go to math.Sqrt's float64
// parameter, so the field is a float64; the wanted values are compared with a float64 too.

func TestSqrtFour(t *testing.T) { // want "HAB009 5 near-identical tests"
	t.Parallel()
	if got := math.Sqrt(4); got != 2 {
		t.Errorf("Sqrt = %v, want %v", got, 2)
	}
}

func TestSqrtQuarter(t *testing.T) { // want "HAB009"
	t.Parallel()
	if got := math.Sqrt(0.25); got != 0.5 {
		t.Errorf("Sqrt = %v, want %v", got, 0.5)
	}
}

func TestSqrtZero(t *testing.T) { // want "HAB009"
	t.Parallel()
	if got := math.Sqrt(0); got != 0 {
		t.Errorf("Sqrt = %v, want %v", got, 0)
	}
}

func TestSqrtLarge(t *testing.T) { // want "HAB009"
	t.Parallel()
	if got := math.Sqrt(1e6); got != 1000 {
		t.Errorf("Sqrt = %v, want %v", got, 1000)
	}
}

func TestSqrtOne(t *testing.T) { // want "HAB009"
	t.Parallel()
	if got := math.Sqrt(1); got != 1 {
		t.Errorf("Sqrt = %v, want %v", got, 1)
	}
}
