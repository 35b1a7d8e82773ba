// fixture: novet
package con001

import (
	"errors"
	"sync"
	"testing"
)

func work() error { return nil }

func TestFatalInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := work(); err != nil {
			t.Fatal(err) // want "CON001 t.Fatal in a goroutine .*t.Error and return"
		}
	}()
	wg.Wait()
}

func TestFatalfLastStatement(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		err := work()
		if err == nil {
			return
		}
		t.Fatalf("boom %v", err) // want "CON001 t.Fatalf.*t.Errorf"
	}()
	<-done
}

func TestFailNowInLoop(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 3; i++ {
			if work() != nil {
				t.FailNow() // want "CON001 t.FailNow.*t.Fail and return"
			}
		}
	}()
	<-done
}

func TestFatalInSubtestGoroutine(t *testing.T) {
	t.Run("sub", func(st *testing.T) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			if err := work(); err != nil {
				st.Fatal(err) // want "CON001 st.Fatal"
			}
		}()
		<-done
	})
}

func TestFatalInGoroutineWithParam(t *testing.T) {
	done := make(chan struct{})
	go func(t *testing.T) {
		defer close(done)
		if err := work(); err != nil {
			t.Fatal(err) // want "CON001 t.Fatal"
		}
	}(t)
	<-done
}

// Diagnostic only: Skip has no fix, and neither has a call followed by more statements.
func TestSkipInGoroutine(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if work() != nil {
			t.Skip("no work") // want "CON001 t.Skip in a goroutine"
		}
	}()
	<-done
}

func TestSkipNowAndFatalNotLast(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		if work() != nil {
			t.SkipNow()      // want "CON001 t.SkipNow"
			t.Skipf("%d", 1) // want "CON001 t.Skipf"
		}
		if err := work(); err != nil {
			t.Fatal(err) // want "CON001 t.Fatal"
			t.Log("unreachable today")
		}
	}()
	<-done
}

func TestFatalInDeferredLiteral(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if err := work(); err != nil {
				t.Fatal(err) // want "CON001 t.Fatal"
			}
		}()
	}()
	<-done
}

func TestWaitGroupGo(t *testing.T) {
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := work(); err != nil {
			t.Fatal(err) // want "CON001 t.Fatal"
		}
	})
	wg.Wait()
}

type group struct{ wg sync.WaitGroup }

func (g *group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		_ = f()
	}()
}

// errgroup's func() error: `return` alone would not compile, so no fix.
func TestErrgroupStyle(t *testing.T) {
	var g group
	g.Go(func() error {
		if err := work(); err != nil {
			t.Fatal(err) // want "CON001 t.Fatal"
		}
		return errors.New("x")
	})
	g.wg.Wait()
}

func mustWork(t *testing.T) {
	t.Helper()
	if err := work(); err != nil {
		t.Fatalf("work: %v", err)
	}
}

func TestHelperInGoroutine(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		mustWork(t) // want "CON001 mustWork calls t.Fatalf"
	}()
	<-done
}

func TestGoHelper(t *testing.T) {
	go mustWork(t) // want "CON001 mustWork calls t.Fatalf"
}
