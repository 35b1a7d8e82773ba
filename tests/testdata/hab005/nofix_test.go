package hab005

import (
	"os"
	"testing"
)

// Not flagged: TestMain has no t.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "main")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Not flagged: a directory inside a chosen parent.
func TestChosenParent(t *testing.T) {
	base := t.TempDir()
	sub, err := os.MkdirTemp(base, "sub")
	if err != nil {
		t.Fatal(err)
	}
	if sub == "" {
		t.Fatal("empty")
	}
}

// Not flagged: not test code.
func makeDir() string {
	dir, _ := os.MkdirTemp("", "x")
	return dir
}

func TestUsesMakeDir(t *testing.T) {
	dir := makeDir()
	defer os.RemoveAll(dir)
}

// Flagged, no fix: in a goroutine.
func TestGoroutine(t *testing.T) {
	done := make(chan string)
	go func() {
		dir, _ := os.MkdirTemp("", "g") // want "HAB005"
		done <- dir
	}()
	os.RemoveAll(<-done)
}

// Flagged, no fix: the directory is created in an if header.
func TestIfHeader(t *testing.T) {
	if dir, err := os.MkdirTemp("", "x"); err == nil { // want "HAB005"
		os.RemoveAll(dir)
	}
}

// Not flagged: a short directory for a unix socket (t.TempDir's path, named after the test, can exceed
// the socket path limit).
func TestSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "s")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := dir + "/d.sock"
	_ = sock
}
