package hab006

import (
	"context"
	"testing"
	"time"
)

func get(ctx context.Context, key string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return key, nil
}

func TestVariable(t *testing.T) {
	ctx := context.Background() // want "HAB006 context.Background\\(\\) is never cancelled.*use t.Context\\(\\)"
	if _, err := get(ctx, "a"); err != nil {
		t.Fatal(err)
	}
}

func TestWithTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // want "HAB006"
	defer cancel()
	if _, err := get(ctx, "a"); err != nil {
		t.Fatal(err)
	}
}

func TestCancelInCleanup(t *testing.T) {
	ctx, cancel := context.WithCancel(context.TODO()) // want "HAB006 context.TODO\\(\\)"
	t.Cleanup(cancel)
	if _, err := get(ctx, "a"); err != nil {
		t.Fatal(err)
	}
}

func TestArgument(t *testing.T) {
	if _, err := get(context.Background(), "a"); err != nil { // want "HAB006"
		t.Fatal(err)
	}
}

func TestVarDeclaration(t *testing.T) {
	var ctx = context.Background() // want "HAB006"
	if _, err := get(ctx, "a"); err != nil {
		t.Fatal(err)
	}
}

func TestSubtest(t *testing.T) {
	t.Run("inner", func(st *testing.T) {
		if _, err := get(context.Background(), "a"); err != nil { // want "HAB006 .*use st.Context\\(\\)"
			st.Fatal(err)
		}
	})
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background() // want "HAB006 .*use b.Context\\(\\)"
	for i := 0; i < b.N; i++ {
		_, _ = get(ctx, "a")
	}
}

func FuzzGet(f *testing.F) {
	ctx := context.Background() // want "HAB006 .*use f.Context\\(\\)"
	if _, err := get(ctx, "seed"); err != nil {
		f.Fatal(err)
	}
	f.Add("a")
	f.Fuzz(func(t *testing.T, key string) {})
}

func requireGet(tb testing.TB, key string) {
	if _, err := get(context.Background(), key); err != nil { // want "HAB006 .*use tb.Context\\(\\)"
		tb.Fatal(err)
	}
}

// A helper of this file that gets t and the context, but registers no cleanup: it cannot keep the
// context for later.
func check(t *testing.T, ctx context.Context, key string) {
	if _, err := get(ctx, key); err != nil {
		t.Fatal(err)
	}
}

func TestHelpers(t *testing.T) {
	requireGet(t, "a")
	ctx := context.Background() // want "HAB006"
	check(t, ctx, "a")
}

func TestInlineClosure(t *testing.T) {
	func() {
		if _, err := get(context.Background(), "a"); err != nil { // want "HAB006"
			t.Fatal(err)
		}
	}()
}

// A result computed with the context may be compared: only the context itself may not.
func TestResultCompared(t *testing.T) {
	v, err := get(context.Background(), "a") // want "HAB006"
	if err != nil || v != "a" {
		t.Fatal(v, err)
	}
}
