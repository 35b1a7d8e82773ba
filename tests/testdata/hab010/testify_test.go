package hab010

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Not flagged: testify assertions.
func TestTestify(t *testing.T) {
	n, err := strconv.Atoi("1")
	assert.NoError(t, err)
	assert.Equal(t, 1, n)
}
