package con002

import (
	"context"
	"testing"

	"golang.org/x/sync/errgroup"
)

// errgroup: the group's goroutines are waited for by g.Wait.
func TestErrgroup(t *testing.T) {
	g, ctx := errgroup.WithContext(context.Background())
	g.Go(func() error { return ctx.Err() })
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}

// A goroutine that reports the group's result on a channel the test reads.
func TestErrgroupInGoroutine(t *testing.T) {
	var g errgroup.Group
	errc := make(chan error, 1)
	g.Go(func() error { return nil })
	go func() { errc <- g.Wait() }()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}
