package negative

import (
	"strings"
	"testing"
)

func double(n int) int { return 2 * n }
func triple(n int) int { return 3 * n }
func square(n int) int { return n * n }
func negate(n int) int { return -n }

// Not flagged: the bodies differ in structure (an extra statement).

func TestDoubleOne(t *testing.T) {
	if double(1) != 2 {
		t.Error("bad")
	}
}

func TestDoubleTwo(t *testing.T) {
	if double(2) != 4 {
		t.Error("bad")
	}
	t.Log("checked")
}

func TestDoubleThree(t *testing.T) {
	if double(3) != 6 {
		t.Error("bad")
	}
}

// Not flagged: another function is called.

func TestUpperA(t *testing.T) {
	if strings.ToUpper("a") != "A" {
		t.Error("bad")
	}
}

func TestLowerB(t *testing.T) {
	if strings.ToLower("B") != "b" {
		t.Error("bad")
	}
}

func TestTitleC(t *testing.T) {
	if strings.ToTitle("c") != "C" {
		t.Error("bad")
	}
}

// Not flagged: already table-driven (even three alike ones).

func TestTableA(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{1, 2}} {
		if double(tc.in) != tc.want {
			t.Error("bad")
		}
	}
}

func TestTableB(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{2, 4}} {
		if double(tc.in) != tc.want {
			t.Error("bad")
		}
	}
}

func TestTableC(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{3, 6}} {
		if double(tc.in) != tc.want {
			t.Error("bad")
		}
	}
}

// Not flagged: only two alike.

func TestPairOne(t *testing.T) {
	if triple(10) != 30 {
		t.Error("bad")
	}
}

func TestPairTwo(t *testing.T) {
	if triple(11) != 33 {
		t.Error("bad")
	}
}

// Not flagged: the same test three times (nothing varies), and placeholders that only skip.

func TestSameA(t *testing.T) {
	if square(0) != 0 {
		t.Error("bad")
	}
}

func TestSameB(t *testing.T) {
	if square(0) != 0 {
		t.Error("bad")
	}
}

func TestSameC(t *testing.T) {
	if square(0) != 0 {
		t.Error("bad")
	}
}

func TestTodoA(t *testing.T) { t.Skip("todo: a") }

func TestTodoB(t *testing.T) { t.Skip("todo: b") }

func TestTodoC(t *testing.T) { t.Skip("todo: c") }

// Not flagged: the differing names are the tests' own variables, not values.

func TestLocalA(t *testing.T) {
	a, b := 1, 2
	if negate(a) != -1 || b != 2 {
		t.Error("bad")
	}
}

func TestLocalB(t *testing.T) {
	a, b := 1, 2
	if negate(b) != -2 || b != 2 {
		t.Error("bad")
	}
}

func TestLocalC(t *testing.T) {
	a, b := 1, 2
	if negate(a) != -1 || a != 1 {
		t.Error("bad")
	}
}

// Not flagged: each test runs its own function (their bodies are what differs).

func checkDouble(t *testing.T) {
	if double(1) != 2 {
		t.Error("bad")
	}
}

func checkZero(t *testing.T) {
	if double(0) != 0 {
		t.Error("bad")
	}
}

func checkNegative(t *testing.T) {
	if double(-1) != -2 {
		t.Error("bad")
	}
}

func run(t *testing.T, f func(*testing.T)) { f(t) }

func TestRunDouble(t *testing.T)   { run(t, checkDouble) }
func TestRunZero(t *testing.T)     { run(t, checkZero) }
func TestRunNegative(t *testing.T) { run(t, checkNegative) }

// Not flagged: benchmarks are not tests.

func BenchmarkDouble1(b *testing.B) {
	for i := 0; i < b.N; i++ {
		double(1)
	}
}

func BenchmarkDouble2(b *testing.B) {
	for i := 0; i < b.N; i++ {
		double(2)
	}
}

func BenchmarkDouble3(b *testing.B) {
	for i := 0; i < b.N; i++ {
		double(3)
	}
}

// Not flagged: subtests separated by other statements are not one run.

func TestSeparated(t *testing.T) {
	n := 0
	t.Run("a", func(t *testing.T) {
		if double(1) != 2 {
			t.Error("bad")
		}
	})
	n++
	t.Run("b", func(t *testing.T) {
		if double(2) != 4 {
			t.Error("bad")
		}
	})
	n++
	t.Run("c", func(t *testing.T) {
		if double(3) != 6 {
			t.Error("bad")
		}
	})
	if n != 2 {
		t.Error("bad")
	}
}

// Not flagged: one of three is silenced, and a silenced test stays out of the group (the other two
// alone are no group).

func quadruple(n int) int { return 4 * n }

func TestQuadrupleOne(t *testing.T) {
	if quadruple(1) != 4 {
		t.Error("bad")
	}
}

//gotestsmells:ignore HAB009 kept apart on purpose
func TestQuadrupleTwo(t *testing.T) {
	if quadruple(2) != 8 {
		t.Error("bad")
	}
}

func TestQuadrupleThree(t *testing.T) {
	if quadruple(3) != 12 {
		t.Error("bad")
	}
}
