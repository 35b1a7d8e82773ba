package hab006go123

import (
	"context"
	"testing"
)

// Not flagged: t.Context() exists since Go 1.24.
func TestOld(t *testing.T) {
	ctx := context.Background()
	if ctx.Err() != nil {
		t.Fatal(ctx.Err())
	}
}
