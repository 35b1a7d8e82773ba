package det002ctor_test

// The golden checks copy the area's cache.go beside it.

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
