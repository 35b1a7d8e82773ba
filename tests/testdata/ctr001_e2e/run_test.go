//go:build !e2e

package ctr001

func run(args ...string) error { return nil }
