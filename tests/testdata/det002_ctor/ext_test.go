package det002ctor_test

// fixture: novet, notest (the golden needs cache.go beside it; checked by hand, see the report)

import (
	"testing"
	"time"

	"example.com/det002ctor"
)

// An external test package: the constructor is found in the package it imports.
func TestExternal(t *testing.T) {
	c := det002ctor.NewCache(time.Second, det002ctor.SystemClock{})
	c.Set("k")
	time.Sleep(2 * time.Second)
	if !c.SetAt("k").Before(time.Now()) { // want "DET002 time.Now"
		t.Fatal("set in the future")
	}
	if c.Has("k") {
		t.Fatal("entry did not expire")
	}
}
