package hab005

import (
	"io/ioutil"
	"os"
	"testing"
)

// Not flagged: t.TempDir arrived in Go 1.15.
func TestOld(t *testing.T) {
	dir, err := ioutil.TempDir("", "x")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
}
