package ctr001

import (
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestTestify(t *testing.T) {
	err := work()
	assert.EqualError(t, err, "boom")      // want "CTR001 assert.EqualError"
	require.ErrorContains(t, work(), "bo") // want "CTR001 require.ErrorContains"
	assert.Equal(t, "boom", err.Error())   // want "CTR001 assert.Equal on err.Error\\(\\)"
	require.Contains(t, err.Error(), "oo") // want "CTR001 require.Contains on err.Error\\(\\)"
	assert.True(t, err.Error() == "boom")  // want "CTR001 Comparing err.Error\\(\\)"
	_, perr := strconv.Atoi("x")
	require.EqualErrorf(t, perr, "bad", "parsing %q", "x") // want "CTR001 require.EqualErrorf"
}

func TestGRPC(t *testing.T) {
	err := call()
	if status.Convert(err).Message() != "no such user" { // want "CTR001 Comparing the gRPC status message .*status.Code"
		t.Fatal(err)
	}
	st, _ := status.FromError(err)
	assert.Equal(t, "no such user", st.Message()) // want "CTR001 .*status.Code"
}

// Not flagged: identity, type and code checks.
func TestNotFlagged(t *testing.T) {
	err := work()
	assert.ErrorIs(t, err, errBoom)
	require.ErrorIs(t, err, errBoom)
	if status.Code(call()) != codes.NotFound {
		t.Fatal("code")
	}
	assert.Equal(t, codes.NotFound, status.Code(call()))
	assert.EqualError(t, errors.New("built here"), "built here")
	// A code check first: the message is a detail on top of it.
	require.Equal(t, codes.NotFound, status.Code(call()))
	require.Contains(t, status.Convert(call()).Message(), "user")
}
