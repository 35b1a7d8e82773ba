package con003

import (
	"os"
	"runtime"
	"sync"
	"testing"
)

// Already guarded.
func TestGuardedStress(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping stress test in short mode")
	}
	t.Log("stress")
}

// Guarded the other way round.
func TestLongSoak(t *testing.T) {
	if !testing.Short() {
		t.Log("soaking")
	}
}

func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("short mode")
	}
}

// Guarded through a helper.
func TestHelperGuardedStress(t *testing.T) {
	skipIfShort(t)
	t.Log("stress")
}

// Opt-in through the environment: not part of a plain go test either.
func TestEnvGuardedStress(t *testing.T) {
	if os.Getenv("RUN_STRESS") == "" {
		t.Skip("set RUN_STRESS to run")
	}
	t.Log("stress")
}

// A loop below 100 iterations.
func TestFewGoroutines(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 99; i++ {
		wg.Go(func() {})
	}
	wg.Wait()
}

// A long loop that starts nothing concurrent.
func TestLongPlainLoop(t *testing.T) {
	sum := 0
	for i := 0; i < 100000; i++ {
		sum += i
	}
	if sum == 0 {
		t.Fatal("zero")
	}
}

// A bound that is not a literal.
func TestVariableBound(t *testing.T) {
	n := 1000
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {})
	}
	wg.Wait()
}

// A benchmark is not a test.
func BenchmarkStress(b *testing.B) {
	for i := 0; i < b.N; i++ {
		runtime.Gosched()
	}
}
