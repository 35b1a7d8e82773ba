package hab011

import (
	"os"
	"testing"
)

func TestSkipNoArgs(t *testing.T) {
	if os.Getenv("NO_SUCH_VARIABLE_HAB011") == "" {
		t.Skip() // want "HAB011 t.Skip\\(\\) gives no reason"
	}
}

func TestSkipNow(t *testing.T) {
	t.SkipNow() // want "HAB011 t.SkipNow\\(\\)"
}

func TestSkipEmptyString(t *testing.T) {
	t.Skip("") // want "HAB011"
}

func TestSubtest(t *testing.T) {
	t.Run("inner", func(st *testing.T) {
		st.Skip() // want "HAB011 st.Skip"
	})
}

func BenchmarkSkip(b *testing.B) {
	b.Skip() // want "HAB011 b.Skip"
}

func FuzzSkip(f *testing.F) {
	f.SkipNow() // want "HAB011 f.SkipNow"
}

func skipUnlessEnv(tb testing.TB, key string) {
	if os.Getenv(key) == "" {
		tb.SkipNow() // want "HAB011 tb.SkipNow"
	}
}

func TestUsesHelper(t *testing.T) {
	skipUnlessEnv(t, "NO_SUCH_VARIABLE_HAB011")
}
