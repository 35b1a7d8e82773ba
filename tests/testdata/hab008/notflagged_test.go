package hab008

import (
	"strings"
	"testing"
)

// Not flagged: short expected values, and long literals that are inputs.
func TestShort(t *testing.T) {
	if got := render(items[:1]); got != "<ul>\n  <li>a</li>\n</ul>\n" {
		t.Error(got)
	}
	input := `a
b
c
d
e
f
g
h
i
j
k`
	if n := len(strings.Split(input, "\n")); n != 11 {
		t.Errorf("got %d lines", n)
	}
}

// Flagged without a fix: a table field compared through the rows.
func TestTable(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{in: items, want: // want "HAB008"
		`<ul>
  <li>a</li>
  <li>b</li>
  <li>c</li>
  <li>d</li>
  <li>e</li>
  <li>f</li>
  <li>g</li>
  <li>h</li>
</ul>
`},
	}
	for _, tt := range tests {
		if got := render(tt.in); got != tt.want {
			t.Error(got)
		}
	}
}

// Flagged without a fix: in a helper there is no test name to give the golden file.
func checkRender(t *testing.T, got string) {
	t.Helper()
	if got != // want "HAB008"
		`<ul>
  <li>a</li>
  <li>b</li>
  <li>c</li>
  <li>d</li>
  <li>e</li>
  <li>f</li>
  <li>g</li>
  <li>h</li>
</ul>
` {
		t.Error(got)
	}
}

func TestHelper(t *testing.T) {
	checkRender(t, render(items))
}
