package hab012go121

import "testing"

// Not flagged: before Go 1.22 the copy is what keeps each parallel subtest on its own element.
func TestOld(t *testing.T) {
	for _, tt := range []string{"a", "b"} {
		tt := tt
		t.Run(tt, func(t *testing.T) {
			t.Parallel()
			_ = tt
		})
	}
	for i := 0; i < 2; i++ {
		i := i
		t.Run("i", func(t *testing.T) {
			t.Parallel()
			_ = i
		})
	}
}
