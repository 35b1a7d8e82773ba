package det002reuse

// fixture: with=clock_test.go

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
