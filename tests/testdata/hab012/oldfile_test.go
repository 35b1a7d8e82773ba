//go:build go1.21

package hab012

import "testing"

// Not flagged: this file's own build constraint sets Go 1.21, where the copy is needed.
func TestOldFile(t *testing.T) {
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_ = tt
		})
	}
}
