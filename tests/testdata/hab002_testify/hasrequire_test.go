package hab002

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	req "github.com/stretchr/testify/require"
)

// The file already imports require, under another name.
func TestHasRequire(t *testing.T) {
	n, err := strconv.Atoi("12")
	assert.NoError(t, err) // want "HAB002 .*require.NoError"
	req.Equal(t, 12, n)
}
