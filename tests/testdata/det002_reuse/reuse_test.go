package det002reuse

// fixture: novet, notest (the golden needs clock_test.go beside it; checked by hand, see the report)

import (
	"testing"
	"time"
)

// The package already has the fake clock (clock_test.go): the fix reuses it and creates no file.
func TestReuse(t *testing.T) {
	start := time.Now()
	time.Sleep(time.Second)
	if d := time.Since(start); d < time.Second { // want "DET002 time.Since"
		t.Fatalf("slept only %v", d)
	}
}
