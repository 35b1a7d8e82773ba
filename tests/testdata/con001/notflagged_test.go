package con001

import (
	"sync"
	"testing"
)

func compute2() error { return nil }

// The same calls in the test goroutine itself.
func TestFatalInTest(t *testing.T) {
	if err := compute2(); err != nil {
		t.Fatal(err)
	}
	if compute2() != nil {
		t.Skip("nothing to do")
	}
}

// In a t.Run closure: the subtest runs in its own test goroutine.
func TestFatalInSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		if err := compute2(); err != nil {
			t.Fatal(err)
		}
	})
}

// A subtest started from a goroutine: the subtest's own t may stop its own goroutine.
func TestSubtestInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t.Run("sub", func(t *testing.T) {
			if err := compute2(); err != nil {
				t.Fatal(err)
			}
		})
	}()
	wg.Wait()
}

// t.Error in a goroutine is fine.
func TestErrorInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := compute2(); err != nil {
			t.Error(err)
		}
	}()
	wg.Wait()
}

// A helper that does not stop the test is fine in a goroutine.
func logWork(t *testing.T) {
	t.Helper()
	if err := compute2(); err != nil {
		t.Errorf("work: %v", err)
	}
}

func TestNonStoppingHelper(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		logWork(t)
	}()
	wg.Wait()
}

// A callback the goroutine stores but does not call itself.
func TestStoredCallback(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	var check func()
	go func() {
		defer wg.Done()
		check = func() {
			if err := compute2(); err != nil {
				t.Fatal(err)
			}
		}
	}()
	wg.Wait()
	check()
}
