package hab002

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The only assert call becomes require: the assert import goes, the require import comes.
func TestOnly(t *testing.T) {
	n, err := strconv.Atoi("12")
	assert.NoError(t, err) // want "HAB002"
	if n != 12 {
		t.Fatal(n)
	}
}
