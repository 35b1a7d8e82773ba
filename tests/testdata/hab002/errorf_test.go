package hab002

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

func TestErrorf(t *testing.T) {
	n, err := strconv.Atoi("12")
	if err != nil {
		t.Errorf("atoi: %v", err) // want "HAB002 t.Errorf lets the test go on with n .*t.Fatalf"
	}
	if n != 12 {
		t.Errorf("got %d", n)
	}
}

func TestError(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "x"))
	if err != nil {
		t.Error(err) // want "HAB002 t.Error lets .* f .*t.Fatal$"
	}
	t.Cleanup(func() { f.Close() })
}

func TestAssign(t *testing.T) {
	var n int
	var err error
	n, err = strconv.Atoi("7")
	if err != nil {
		t.Logf("input was %q", "7")
		t.Errorf("atoi: %v", err) // want "HAB002"
	}
	if n != 7 {
		t.Error("wrong")
	}
}

func TestFailNow(t *testing.T) {
	if os.Getenv("HAB002_NEVER_SET") != "" {
		t.Errorf("unexpected %q", os.Getenv("HAB002_NEVER_SET")) // want "HAB002 t.Errorf followed by t.FailNow\\(\\) is t.Fatalf"
		t.FailNow()
	}
}

func TestFailNowError(t *testing.T) {
	if os.Getenv("HAB002_NEVER_SET") != "" {
		t.Error("unexpected") // want "HAB002 .*t.Fatal;"
		t.FailNow()
	}
}

func BenchmarkSetup(b *testing.B) {
	n, err := strconv.Atoi("3")
	if err != nil {
		b.Errorf("atoi: %v", err) // want "HAB002 .*b.Fatalf"
	}
	for i := 0; i < b.N; i++ {
		_ = n
	}
}

func parse(tb testing.TB, s string) int {
	tb.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		tb.Errorf("atoi: %v", err) // want "HAB002 .*tb.Fatalf"
	}
	return n * 2
}

func TestSubtest(t *testing.T) {
	if parse(t, "2") != 4 {
		t.Error("parse")
	}
	t.Run("sub", func(st *testing.T) {
		n, err := strconv.Atoi("5")
		if err != nil {
			st.Errorf("atoi: %v", err) // want "HAB002 .*st.Fatalf"
		}
		if n != 5 {
			st.Error("wrong")
		}
	})
}

// Flagged without a fix: more happens after the Errorf in the body.
func TestNotLast(t *testing.T) {
	n, err := strconv.Atoi("1")
	if err != nil {
		t.Errorf("atoi: %v", err) // want "HAB002"
		t.Log("input was 1")
	}
	if n != 1 {
		t.Error("wrong")
	}
}
