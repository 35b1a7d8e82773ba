package con007

import (
	"strings"
	"testing"
)

func TestAlreadyParallel(t *testing.T) {
	t.Parallel()
	if strings.ToUpper("a") != "A" {
		t.Fatal("upper")
	}
}

func TestCouldBeParallel(t *testing.T) { // want "CON007 TestCouldBeParallel changes no environment.*t.Parallel"
	if strings.TrimSpace(" a ") != "a" {
		t.Fatal("trim")
	}
}

func TestTable(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in, want string
	}{
		{"lower", "a", "A"},
		{"upper", "B", "B"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { // want "CON007 this subtest shares nothing with its siblings"
			if got := strings.ToUpper(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A shared value its rows only read.
func TestSharedReadOnly(t *testing.T) {
	t.Parallel()
	r := strings.NewReplacer("a", "b")
	for _, in := range []string{"a", "aa"} {
		t.Run(in, func(t *testing.T) { // want "CON007 this subtest"
			if strings.Contains(r.Replace(in), "a") {
				t.Error("not replaced")
			}
		})
	}
}
