package det002mock

import (
	"testing"
	"time"

	"github.com/benbjohnson/clock"
)

// go.mod requires github.com/benbjohnson/clock: the fix uses clock.NewMock(), hands it to the
// constructor, and a sleep becomes Add.
func TestWindow(t *testing.T) {
	w := NewWindow(time.Minute, clock.New())
	start := time.Now()
	w.Add()
	time.Sleep(2 * time.Minute)
	if time.Since(start) < 2*time.Minute { // want "DET002 time.Since"
		t.Fatal("woke up early")
	}
	if w.Count() != 0 {
		t.Fatal("event still counted")
	}
}
