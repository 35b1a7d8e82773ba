package durations

import (
	"testing"
	"time"
)

func roundUp(d, unit time.Duration) time.Duration {
	if r := d % unit; r != 0 {
		return d + unit - r
	}
	return d
}

// Durations: `3 * time.Second` and `time.Minute` are typed constants, so the field is a time.Duration
// whatever the position; a sign stays with its value.

func TestRoundUpSeconds(t *testing.T) { // want "HAB009"
	if got := roundUp(2500*time.Millisecond, time.Second); got != 3*time.Second {
		t.Errorf("got %v, want %v", got, 3*time.Second)
	}
}

func TestRoundUpMinute(t *testing.T) { // want "HAB009"
	if got := roundUp(90*time.Second, time.Minute); got != 2*time.Minute {
		t.Errorf("got %v, want %v", got, 2*time.Minute)
	}
}

func TestRoundUpExact(t *testing.T) { // want "HAB009"
	if got := roundUp(time.Hour, time.Minute); got != time.Hour {
		t.Errorf("got %v, want %v", got, time.Hour)
	}
}

func TestRoundUpNegative(t *testing.T) { // want "HAB009"
	if got := roundUp(-time.Second, time.Second); got != -time.Second {
		t.Errorf("got %v, want %v", got, -time.Second)
	}
}
