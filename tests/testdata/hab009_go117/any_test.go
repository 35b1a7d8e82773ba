package anyfield

import (
	"fmt"
	"testing"
)

// Before Go 1.18 there is no `any`: a field holding values of several kinds is an interface{}.

func TestPrintInt(t *testing.T) { // want "HAB009"
	if s := fmt.Sprint(7); s != "7" {
		t.Errorf("got %s", s)
	}
}

func TestPrintBool(t *testing.T) { // want "HAB009"
	if s := fmt.Sprint(true); s != "true" {
		t.Errorf("got %s", s)
	}
}

func TestPrintRune(t *testing.T) { // want "HAB009"
	if s := fmt.Sprint('x'); s != "120" {
		t.Errorf("got %s", s)
	}
}
