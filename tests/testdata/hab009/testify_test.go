package testify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testify's assertions take interface{} values: the expected value compared with `got` becomes `want`
// with its own type; assert.Len's length is an int.  (Third-party imports: this fixture is only parsed
// and gofmt-checked.)

func TestFieldsTwo(t *testing.T) { // want "HAB009"
	got := strings.Fields("a b")
	require.Len(t, got, 2)
	assert.Equal(t, "a", got[0])
}

func TestFieldsThree(t *testing.T) { // want "HAB009"
	got := strings.Fields(" x  y z ")
	require.Len(t, got, 3)
	assert.Equal(t, "x", got[0])
}

func TestFieldsOne(t *testing.T) { // want "HAB009"
	got := strings.Fields("solo")
	require.Len(t, got, 1)
	assert.Equal(t, "solo", got[0])
}
