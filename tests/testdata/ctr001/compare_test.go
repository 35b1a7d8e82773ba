package ctr001

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestEqual(t *testing.T) {
	_, err := find("")
	if err == nil || err.Error() != `find "": not found` { // want "CTR001 Comparing err.Error\\(\\) .*errors.Is"
		t.Fatalf("find = %v", err)
	}
}

func TestContains(t *testing.T) {
	_, err := find("")
	if !strings.Contains(err.Error(), "not found") { // want "CTR001 strings.Contains on err.Error\\(\\)"
		t.Errorf("find = %v", err)
	}
}

func TestTextInVariable(t *testing.T) {
	_, err := find("")
	if got := err.Error(); got != `find "": not found` { // want "CTR001"
		t.Errorf("got %q", got)
	}
}

func TestCallDirectly(t *testing.T) {
	if _, err := strconv.Atoi("x"); err == nil || !strings.HasSuffix(err.Error(), "invalid syntax") { // want "CTR001 strings.HasSuffix"
		t.Error("want a syntax error")
	}
}

func TestChannel(t *testing.T) {
	errc := make(chan error, 1)
	go func() {
		_, err := find("")
		errc <- err
	}()
	err := <-errc
	if err.Error() != `find "": not found` { // want "CTR001"
		t.Error(err)
	}
}

// Not flagged: identity and type checks.
func TestIdentity(t *testing.T) {
	_, err := find("")
	if !errors.Is(err, errNotFound) {
		t.Fatal(err)
	}
	var pe *parseError
	if errors.As(err, &pe) {
		t.Fatal("not a parse error")
	}
}

// Not flagged: the error type's own message, built in the test.
func TestOwnMessage(t *testing.T) {
	if got := (&parseError{line: 3}).Error(); got != "line 3" {
		t.Errorf("got %q", got)
	}
	err := &parseError{line: 4}
	if err.Error() != "line 4" {
		t.Error(err)
	}
	wrapped := fmt.Errorf("x: %w", err)
	if wrapped.Error() != "x: line 4" {
		t.Error(wrapped)
	}
	tests := []struct {
		err  error
		want string
	}{{&parseError{line: 1}, "line 1"}}
	for _, tt := range tests {
		if tt.err.Error() != tt.want {
			t.Errorf("got %q", tt.err.Error())
		}
	}
}

// Not flagged: the text decides something other than an assertion.
func TestNotAnAssertion(t *testing.T) {
	_, err := find("")
	if err != nil && strings.Contains(err.Error(), "not found") {
		t.Skip("nothing to find")
	}
	_, err = find("")
	if err.Error() == "" {
		return
	}
}

// Not flagged: the text adds detail to an identity check.
func TestWithIdentity(t *testing.T) {
	_, err := find("")
	if !errors.Is(err, errNotFound) || !strings.Contains(err.Error(), `""`) {
		t.Fatal(err)
	}
}

// Not flagged: an Error method that returns an error, compared by identity.
func TestErrorMethodReturnsError(t *testing.T) {
	f := apply()
	if err := f.Error(); err == nil || err != errNotFound {
		t.Fatal(err)
	}
	if apply().Error() != errNotFound {
		t.Fatal("want errNotFound")
	}
}

// Not flagged: the identity is checked in an enclosing condition.
func TestIdentityAbove(t *testing.T) {
	_, err := find("")
	if errors.Is(err, errNotFound) {
		if !strings.Contains(err.Error(), "find") {
			t.Error(err)
		}
	}
}

func getStatus(url string) error { return fmt.Errorf("400 error from server: %s", url) }

type rpcClient struct{}

func (rpcClient) Call(method string, args, reply any) error { return errors.New("rpc: " + method) }

// Not flagged: a helper of this test file built the error; an RPC delivers errors as text.
func TestTextOnly(t *testing.T) {
	if err := getStatus("/x"); !strings.Contains(err.Error(), "400") {
		t.Error(err)
	}
	var c rpcClient
	if err := c.Call("Job.Register", nil, nil); !strings.Contains(err.Error(), "Job") {
		t.Error(err)
	}
}
