package det002

import (
	"reflect"
	"testing"
	"time"
)

// today reads the clock itself, as production code does.
func today() string { return time.Now().Format("2006-01-02") }

func work() {}

// An expected value computed from the clock beside code that reads its own: fails when the two reads
// fall on either side of midnight.  No fix: the code under test takes no clock.
func TestToday(t *testing.T) {
	want := time.Now().Format("2006-01-02") // want "DET002 time.Now .*midnight.*inject a clock"
	if got := today(); got != want {
		t.Fatalf("today() = %q, want %q", got, want)
	}
}

// A timing assertion: passes on a laptop, fails on a loaded CI machine.  No fix: it measures real work.
func TestFastEnough(t *testing.T) {
	start := time.Now()
	work()
	if elapsed := time.Since(start); elapsed > time.Second { // want "DET002 time.Since"
		t.Fatalf("took %v", elapsed)
	}
}

// Comparisons through methods, a switch, reflect.DeepEqual, a struct holding the time.
func TestCompareForms(t *testing.T) {
	created := time.Now()          // want "DET002 time.Now"
	if created.After(time.Now()) { // want "DET002 time.Now"
		t.Fatal("created in the future")
	}
	switch time.Now().Weekday() { // want "DET002 time.Now"
	case time.Saturday, time.Sunday:
		t.Skip("weekend")
	}
	type stamp struct{ at time.Time }
	want := stamp{at: time.Now().Truncate(time.Hour)} // want "DET002 time.Now"
	if !reflect.DeepEqual(stamp{at: created.Truncate(time.Hour)}, want) {
		t.Log("the hour changed")
	}
	if time.Until(created.Add(time.Hour)) < 59*time.Minute { // want "DET002 time.Until"
		t.Log("slow")
	}
}

// Helpers and goroutines of a test are test code too (no fix outside a Test function).
func checkRecent(tb testing.TB, at time.Time) {
	tb.Helper()
	if time.Since(at) > time.Minute { // want "DET002 time.Since"
		tb.Fatal("stale")
	}
}

func TestGoroutine(t *testing.T) {
	done := make(chan bool)
	go func() {
		start := time.Now()
		work()
		done <- time.Since(start) < time.Second // want "DET002 time.Since"
	}()
	if !<-done {
		t.Fatal("slow")
	}
	checkRecent(t, time.Now())
}
