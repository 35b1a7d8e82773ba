package hab014

import (
	"os"
	"testing"
)

var dir string

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "hab014")
	if err != nil {
		panic(err)
	}
	dir = d
	defer os.RemoveAll(d) // want "HAB014 os.Exit\\(m.Run\\(\\)\\) ends the process before this deferred call runs"
	os.Exit(m.Run())
}

func TestDir(t *testing.T) {
	if dir == "" {
		t.Fatal("no dir")
	}
}
