package hab002

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNoError(t *testing.T) {
	n, err := strconv.Atoi("12")
	assert.NoError(t, err) // want "HAB002 assert.NoError lets the test go on with n .*require.NoError"
	assert.Equal(t, 12, n)
}

func TestNil(t *testing.T) {
	b, err := strconv.ParseBool("true")
	assert.Nil(t, err) // want "HAB002 assert.Nil .*require.Nil"
	assert.True(t, b)
}

// Not flagged: the error alone, values not used again, assert's result used, a guard on the value.
func TestNotFlagged(t *testing.T) {
	_, err := strconv.Atoi("1")
	assert.NoError(t, err)
	n, err := strconv.Atoi("2")
	if assert.NoError(t, err) {
		assert.Equal(t, 2, n)
	}
	m, err := strconv.Atoi("3")
	assert.NoError(t, err)
	m, err = strconv.Atoi("4")
	if err != nil || m != 4 {
		t.Fatal(err)
	}
	p, err := strconv.ParseFloat("1.5", 64)
	assert.NoError(t, err)
	require.NotZero(t, p)
	assert.Equal(t, 1.5, p)
}
