package det002mock

import (
	"testing"
	"time"
)

// The clock package is not imported yet: the fix adds the import.
func TestSleepMeasured(t *testing.T) {
	start := time.Now()
	time.Sleep(time.Second)
	if d := time.Since(start); d < time.Second { // want "DET002 time.Since"
		t.Fatalf("slept only %v", d)
	}
}
