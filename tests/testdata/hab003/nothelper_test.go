package hab003

import (
	"os"
	"sync"
	"testing"
)

// Not flagged: tests, benchmarks and fuzz targets themselves.
func TestItself(t *testing.T) {
	if len(os.Args) == 0 {
		t.Fatal("no args")
	}
	// Not flagged: closures are part of their test.
	t.Run("sub", func(t *testing.T) {
		if len(os.Args) == 0 {
			t.Fatal("no args")
		}
	})
	t.Run("body", subtestBody)
	var wg sync.WaitGroup
	wg.Add(1)
	go serve(t, &wg)
	wg.Wait()
}

func BenchmarkItself(b *testing.B) {
	if b.N < 0 {
		b.Fatal("negative")
	}
}

func FuzzItself(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) < 0 {
			t.Fatal("negative")
		}
	})
}

// Not flagged: already calls t.Helper().
func hasHelper(t *testing.T, s string) {
	t.Helper()
	if s == "" {
		t.Fatal("empty")
	}
}

// Not flagged: reports only inside a function literal (t.Helper() here would not mark it).
func reportsInClosure(t *testing.T, ch chan error) {
	check := func(err error) {
		if err != nil {
			t.Error(err)
		}
	}
	check(<-ch)
}

// Not flagged: never reports a failure.
func tempFile(t *testing.T) string {
	t.Log("making a temp file")
	return t.TempDir() + "/f"
}

// Not flagged: a shared test body, run by several tests.
func testRoundTrip(t *testing.T, compress bool) {
	if compress && len(os.Args) == 0 {
		t.Fatal("no args")
	}
}

// Not flagged: makes its test parallel: a test body, not a helper.
func parallelBody(t *testing.T, name string) {
	t.Parallel()
	if name == "" {
		t.Fatal("no name")
	}
}

// Not flagged: handed to t.Run as the subtest itself.
func subtestBody(t *testing.T) {
	if len(os.Args) == 0 {
		t.Fatal("no args")
	}
}

// Not flagged: only ever started as a goroutine; there is no caller's line to point at.
func serve(t *testing.T, wg *sync.WaitGroup) {
	defer wg.Done()
	if len(os.Args) == 0 {
		t.Error("no args")
	}
}

// Not flagged: a Test method, run by a suite.
type suite struct{}

func (suite) TestMethod(t *testing.T) {
	if len(os.Args) == 0 {
		t.Fatal("no args")
	}
}

// Not flagged: the testing parameter is unnamed.
func ignoresT(_ *testing.T, s string) string {
	return s
}

func TestUsesTheRest(t *testing.T) {
	hasHelper(t, "x")
	ch := make(chan error, 1)
	ch <- nil
	reportsInClosure(t, ch)
	_ = tempFile(t)
	testRoundTrip(t, true)
	_ = ignoresT(t, "x")
	suite{}.TestMethod(t)
	t.Run("parallel", func(t *testing.T) { parallelBody(t, "p") })
}
