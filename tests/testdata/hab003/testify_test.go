package hab003

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func requireEven(t *testing.T, n int) { // want "HAB003 requireEven"
	require.Equal(t, 0, n%2)
}

func assertPositive(t testing.TB, n int) { // want "HAB003 assertPositive"
	assert.Positive(t, n)
}
