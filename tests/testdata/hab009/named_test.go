package named

import "testing"

type Mode int

const (
	ModeFast Mode = iota
	ModeSafe
	ModeDebug
)

type Options struct {
	Mode    Mode
	Retries int
	Label   string
}

func describe(o Options) string {
	switch o.Mode {
	case ModeFast:
		return "fast"
	case ModeSafe:
		return "safe"
	}
	return "other"
}

// Package constants of a named type give the field that type; a struct literal whose fields differ only
// in values gives a field per value, named after the struct field; a slice literal that differs in
// length stays whole.

func TestDescribeFast(t *testing.T) { // want "HAB009"
	got := describe(Options{Mode: ModeFast, Retries: 1, Label: "a"})
	if got != "fast" {
		t.Errorf("got %q", got)
	}
}

func TestDescribeSafe(t *testing.T) { // want "HAB009"
	got := describe(Options{Mode: ModeSafe, Retries: 2, Label: "b"})
	if got != "safe" {
		t.Errorf("got %q", got)
	}
}

func TestDescribeDebug(t *testing.T) { // want "HAB009"
	got := describe(Options{Mode: ModeDebug, Retries: 3, Label: "c"})
	if got != "other" {
		t.Errorf("got %q", got)
	}
}

func total(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func TestTotalEmpty(t *testing.T) { // want "HAB009"
	if got := total([]int{}); got != 0 {
		t.Errorf("got %d", got)
	}
}

func TestTotalOne(t *testing.T) { // want "HAB009"
	if got := total([]int{4}); got != 4 {
		t.Errorf("got %d", got)
	}
}

func TestTotalMany(t *testing.T) { // want "HAB009"
	if got := total([]int{1, 2, 3}); got != 6 {
		t.Errorf("got %d", got)
	}
}

// The common prefix `TestTotal` is taken (by the group above): this group's test is TestTotalCases.

func TestTotal_Minus(t *testing.T) { // want "HAB009"
	if got := total([]int{-1}); got > 0 {
		t.Error("positive")
	}
}

func TestTotal_Pair(t *testing.T) { // want "HAB009"
	if got := total([]int{-1, -2}); got > 0 {
		t.Error("positive")
	}
}

func TestTotal_Mixed(t *testing.T) { // want "HAB009"
	if got := total([]int{-5, 2}); got > 0 {
		t.Error("positive")
	}
}
