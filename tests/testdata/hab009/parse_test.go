package hab009

import (
	"strconv"
	"testing"
)

// parse is the function under test: a number, or -1.
func parse(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// A group of three: the table gets an input and a want field; the message's "7" shares the input's field.

// TestParseSeven parses a small number.
func TestParseSeven(t *testing.T) { // want "HAB009 3 near-identical tests .TestParseSeven, TestParseForty, TestParseNegative. differ only in their values"
	got := parse("7")
	if got != 7 {
		t.Errorf("parse(%q) = %d, want %d", "7", got, 7)
	}
}

// TestParseForty parses a two-digit number.
func TestParseForty(t *testing.T) { // want "HAB009"
	got := parse("40")
	if got != 40 {
		t.Errorf("parse(%q) = %d, want %d", "40", got, 40)
	}
}

func TestParseNegative(t *testing.T) { // want "HAB009"
	// Not a number at all.
	got := parse("x")
	if got != -1 {
		t.Errorf("parse(%q) = %d, want %d", "x", got, -1)
	}
}
