package ctr001

import (
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The code under test lives in a non-test file, as in a real package.

var errBoom = errors.New("boom")

func work() error { return errBoom }

func call() error { return status.Error(codes.NotFound, "no such user") }
