package hab008

import (
	"strings"
	"testing"
)

func TestLongLine(t *testing.T) {
	got := strings.Repeat("ab", 260)
	want := "abababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab" // want "HAB008"
	if got != want {
		t.Errorf("got %q", got)
	}
}
