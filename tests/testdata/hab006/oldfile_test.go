//go:build go1.23

package hab006

import (
	"context"
	"testing"
)

// Not flagged: this file's own build constraint sets Go 1.23, before t.Context().
func TestOldFile(t *testing.T) {
	if err := context.Background().Err(); err != nil {
		t.Fatal(err)
	}
}
