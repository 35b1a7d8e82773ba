package hab006

import (
	"context"
	"testing"
)

func lookup(ctx interface{ Err() error }) error { return ctx.Err() }

// The fix leaves `context` unused in this file: the import goes.
func TestPrune(t *testing.T) {
	if err := lookup(context.Background()); err != nil { // want "HAB006"
		t.Fatal(err)
	}
}
