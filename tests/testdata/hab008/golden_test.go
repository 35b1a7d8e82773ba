package hab008

import (
	"fmt"
	"strings"
	"testing"
)

func render(items []string) string {
	var b strings.Builder
	b.WriteString("<ul>\n")
	for _, it := range items {
		fmt.Fprintf(&b, "  <li>%s</li>\n", it)
	}
	b.WriteString("</ul>\n")
	return b.String()
}

var items = []string{"a", "b", "c", "d", "e", "f", "g", "h"}

func TestRender(t *testing.T) {
	got := render(items)
	want := // want "HAB008 a 10 lines expected value"
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
`
	if got != want {
		t.Errorf("render() = %s, want %s", got, want)
	}
}

// The expected value is declared before the output: its read moves after it.
func TestWantFirst(t *testing.T) {
	want := "<ul>\n  <li>a</li>\n  <li>b</li>\n  <li>c</li>\n  <li>d</li>\n  <li>e</li>\n  <li>f</li>\n  <li>g</li>\n  <li>h</li>\n</ul>\n" // want "HAB008"
	got := render(items)
	if got != want {
		t.Errorf("render() = %s, want %s", got, want)
	}
}

// Compared in place, twice in one test: two golden files.
func TestInline(t *testing.T) {
	var b strings.Builder
	b.WriteString(render(items))
	if b.String() != // want "HAB008"
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
		t.Error(b.String())
	}
	if got := render(items[:7]) + "<!-- end -->\n"; got != // want "HAB008"
		`<ul>
  <li>a</li>
  <li>b</li>
  <li>c</li>
  <li>d</li>
  <li>e</li>
  <li>f</li>
  <li>g</li>
</ul>
<!-- end -->
` {
		t.Error(got)
	}
	if got := render(items[:4]); got != `<ul>
  <li>a</li>
  <li>b</li>
  <li>c</li>
  <li>d</li>
</ul>
` {
		t.Error(got)
	}
}
