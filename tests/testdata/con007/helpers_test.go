package con007

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func newFixture(t *testing.T) int {
	t.Helper()
	return 1
}

func TestVetted(t *testing.T) {
	t.Parallel()
	require.Equal(t, 1, newFixture(t))
}

// Same-file helpers and assertion libraries are known; nothing else is handed t.
func TestUsesKnownHelpers(t *testing.T) { // want "CON007 TestUsesKnownHelpers"
	require.Equal(t, 1, newFixture(t))
}
