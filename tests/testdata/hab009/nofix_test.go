package nofix

import "testing"

type handler interface {
	Handle(n int64) int64
}

type echo struct{}

func (echo) Handle(n int64) int64 { return n }

func newHandler() handler { return echo{} }

// Reported without a conversion: the parameter the literal goes to belongs to an interface method whose
// type we do not look up, and `tc.n int` could not be passed where an int64 is wanted.

func TestHandleOne(t *testing.T) { // want "HAB009"
	h := newHandler()
	if h.Handle(1) != 1 {
		t.Error("bad")
	}
}

func TestHandleTwo(t *testing.T) { // want "HAB009"
	h := newHandler()
	if h.Handle(2) != 2 {
		t.Error("bad")
	}
}

func TestHandleThree(t *testing.T) { // want "HAB009"
	h := newHandler()
	if h.Handle(3) != 3 {
		t.Error("bad")
	}
}

// Reported without a conversion: t.Name() would change from TestNameA to TestName/A.

func TestNameA(t *testing.T) { // want "HAB009"
	if len(t.Name()) < 5 {
		t.Error("short", 1)
	}
}

func TestNameB(t *testing.T) { // want "HAB009"
	if len(t.Name()) < 5 {
		t.Error("short", 2)
	}
}

func TestNameC(t *testing.T) { // want "HAB009"
	if len(t.Name()) < 5 {
		t.Error("short", 3)
	}
}

// Reported without a conversion: the varying text is a printf format with nothing after it, which go
// vet rejects once it is not a constant.

func TestLogA(t *testing.T) { // want "HAB009"
	t.Logf("step a")
}

func TestLogB(t *testing.T) { // want "HAB009"
	t.Logf("step b")
}

func TestLogC(t *testing.T) { // want "HAB009"
	t.Logf("step c")
}

// Reported without a conversion: nine varying values make a table nobody wants to read.

func sum(xs ...int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestSumA(t *testing.T) { // want "HAB009"
	if sum(1, 2, 3, 4, 5, 6, 7, 8) != 36 {
		t.Error("bad")
	}
}

func TestSumB(t *testing.T) { // want "HAB009"
	if sum(2, 3, 4, 5, 6, 7, 8, 9) != 44 {
		t.Error("bad")
	}
}

func TestSumC(t *testing.T) { // want "HAB009"
	if sum(3, 4, 5, 6, 7, 8, 9, 10) != 52 {
		t.Error("bad")
	}
}

// Reported without a conversion: a block that returns would, inside a subtest, only end that subtest.

func TestEarlyReturn(t *testing.T) {
	{ // want "HAB009 3 near-identical blocks"
		if sum(1) != 1 {
			t.Error("bad")
			return
		}
	}
	{ // want "HAB009"
		if sum(2) != 2 {
			t.Error("bad")
			return
		}
	}
	{ // want "HAB009"
		if sum(3) != 3 {
			t.Error("bad")
			return
		}
	}
}
