package det005

import (
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

// Not flagged: an errgroup joins its goroutines before the read (the sleep is DET001's, not run here).
func TestErrgroup(t *testing.T) {
	var n atomic.Int32
	var g errgroup.Group
	g.Go(func() error {
		n.Add(1)
		return nil
	})
	time.Sleep(time.Millisecond)
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 {
		t.Fatal("goroutine did not run")
	}
}

// Not flagged: a goroutine handed the group's context and joined through the group.
func TestErrgroupGoStatement(t *testing.T) {
	var n atomic.Int32
	done := make(chan error, 1)
	go func() {
		n.Add(1)
		done <- nil
	}()
	time.Sleep(time.Millisecond)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n.Load() != 1 {
		t.Fatal("goroutine did not run")
	}
}
