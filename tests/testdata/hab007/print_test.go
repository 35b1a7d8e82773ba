package hab007

import (
	"fmt"
	stdlog "log"
	"testing"
)

func TestPrintln(t *testing.T) {
	got := 1 + 1
	fmt.Println("got", got) // want "HAB007 fmt.Println writes to the process output.*use t.Log"
	if got != 2 {
		t.Fatal(got)
	}
}

func TestPrintf(t *testing.T) {
	fmt.Printf("value %d\n", 3) // want "HAB007 fmt.Printf .*use t.Logf"

	fmt.Printf("no newline %d", 4) // want "HAB007"

	fmt.Printf("backslash n\\n") // want "HAB007"

	fmt.Printf("two newlines\n\n") // want "HAB007"

	fmt.Printf(`raw %d`+"\n", 5) // want "HAB007"
	format := "format %s\n"
	fmt.Printf(format, "x") // want "HAB007"

	fmt.Print("a", 1, "b") // want "HAB007"
}

func TestLog(t *testing.T) {
	stdlog.Print("print") // want "HAB007 log.Print "

	stdlog.Printf("printf %d\n", 1) // want "HAB007 log.Printf .*t.Logf"

	stdlog.Println("println") // want "HAB007 log.Println"

	println("builtin", 1) // want "HAB007 println .*t.Log"

	defer fmt.Println("deferred") // want "HAB007"
}

func TestSubtest(t *testing.T) {
	t.Run("inner", func(st *testing.T) {
		fmt.Println("inner") // want "HAB007 .*use st.Log"
	})
	func() {
		fmt.Println("called on the spot") // want "HAB007 .*use t.Log"
	}()
}

func BenchmarkPrint(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
	fmt.Printf("ran %d times\n", b.N) // want "HAB007 .*b.Logf"
}

func logState(tb testing.TB, state string) {
	fmt.Println("state:", state) // want "HAB007 .*tb.Log"
}

func TestUsesHelper(t *testing.T) {
	logState(t, "ok")
}

// Flagged, no fix: the results are used, or `t` is not the test here.
func TestNoFix(t *testing.T) {
	n, err := fmt.Println("x") // want "HAB007"
	_, _ = n, err
	t.Run("shadowed", func(*testing.T) {
		t := 0
		fmt.Println(t) // want "HAB007"
	})
}

// Flagged, no fix: gofmt aligns these trailing comments, and a shorter line would need them realigned.
func TestAlignedComments(t *testing.T) {
	fmt.Println("first")  // want "HAB007"
	fmt.Println("second") // want "HAB007"
}
