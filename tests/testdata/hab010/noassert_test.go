package hab010

import (
	"fmt"
	"log"
	"os"
	"strconv"
	"testing"
)

func TestEmpty(t *testing.T) { // want "HAB010 TestEmpty is empty"
}

func TestTodo(t *testing.T) { // want "HAB010 TestTodo is empty"
	// TODO: write this test
}

func TestNoCheck(t *testing.T) { // want "HAB010 TestNoCheck can never fail"
	n, err := strconv.Atoi("12")
	_ = n
	_ = err
}

func TestOnlyLogs(t *testing.T) { // want "HAB010"
	n, _ := strconv.Atoi("12")
	t.Logf("n = %d", n)
	t.Run("sub", func(t *testing.T) {
		t.Log("nothing checked here either")
	})
}

// Not flagged: tests that report, assert through a helper, or hand t on.
func TestReports(t *testing.T) {
	if _, err := strconv.Atoi("12"); err != nil {
		t.Fatal(err)
	}
}

func TestSubtestReports(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		if _, err := strconv.Atoi("x"); err == nil {
			t.Error("want an error")
		}
	})
}

func checkAtoi(t *testing.T, s string) {
	t.Helper()
	if _, err := strconv.Atoi(s); err != nil {
		t.Fatal(err)
	}
}

func TestHelper(t *testing.T) {
	checkAtoi(t, "1")
}

func testNamed(t *testing.T) { checkAtoi(t, "2") }

func TestNamedSubtest(t *testing.T) {
	t.Run("named", testNamed)
}

type env struct{ t *testing.T }

func TestStoresT(t *testing.T) {
	e := env{t: t}
	_ = e
}

func TestMethodValue(t *testing.T) {
	report := t.Errorf
	if _, err := strconv.Atoi("x"); err == nil {
		report("want an error")
	}
}

// Not flagged: tests that skip themselves, or fail through panic or log.Fatal.
func TestSkips(t *testing.T) {
	t.Skip("not on this platform")
}

func TestPanics(t *testing.T) {
	if _, err := strconv.Atoi("1"); err != nil {
		panic(err)
	}
}

func TestLogFatal(t *testing.T) {
	if _, err := strconv.Atoi("1"); err != nil {
		log.Fatal(err)
	}
}

// Not flagged: benchmarks, fuzz targets, examples, TestMain.
func BenchmarkAtoi(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_, _ = strconv.Atoi("1")
	}
}

func FuzzAtoi(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = strconv.Atoi(s)
	})
}

func ExampleAtoi() {
	n, _ := strconv.Atoi("1")
	_ = n
}

func TestMain(m *testing.M) {
	m.Run()
}

// Not flagged: the race detector, a timeout or a panic is the check.
func TestCounterRace(t *testing.T) {
	done := make(chan int)
	go func() { done <- 1 }()
	<-done
}

// Not flagged: a compile-time check wrapped in a test.
func TestImplements(t *testing.T) {
	var _ fmt.Stringer = (*name)(nil)
}

type name string

func (n *name) String() string { return string(*n) }

// Not flagged: the body of a helper process another test spawns.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("GO_WANT_HELPER_PROCESS") != "1" {
		return
	}
	os.Stdout.WriteString("ready")
}
