//go:build e2e

package ctr001

import "os/exec"

func run(args ...string) error { return exec.Command("etcdctl", args...).Run() }
