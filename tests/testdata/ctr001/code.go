package ctr001

import (
	"errors"
	"fmt"
	"strconv"
)

// The code under test lives in a non-test file, as in a real package.

var errNotFound = errors.New("not found")

func find(key string) (string, error) {
	if key == "" {
		return "", fmt.Errorf("find %q: %w", key, errNotFound)
	}
	return key, nil
}

type parseError struct{ line int }

func (e *parseError) Error() string { return "line " + strconv.Itoa(e.line) }

type future struct{ err error }

func (f future) Error() error { return f.err }

func apply() future { return future{errNotFound} }
