package hab007

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// Not flagged: an Example's output is what it tests.
func ExampleHello() {
	fmt.Println("hello")
	// Output: hello
}

// Not flagged: TestMain has no t.
func TestMain(m *testing.M) {
	fmt.Println("setup")
	os.Exit(m.Run())
}

// Not flagged: goroutines and callbacks may run after the test returned (t.Log would panic).
func TestGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println("in goroutine")
	}()
	wg.Wait()
}

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("request %s", r.URL)
	}))
	defer srv.Close()
	t.Cleanup(func() { fmt.Println("cleanup") })
}

// Not flagged: the test captures what it prints.
func TestCapturesStdout(t *testing.T) {
	old := os.Stdout
	r, w, _ := os.Pipe()
	os.Stdout = w
	fmt.Println("captured")
	w.Close()
	os.Stdout = old
	_ = r
}

func TestCapturesLog(t *testing.T) {
	var sb strings.Builder
	log.SetOutput(&sb)
	defer log.SetOutput(os.Stderr)
	log.Print("captured")
}

// Not flagged: not prints.
func TestNotPrints(t *testing.T) {
	_ = fmt.Sprintf("%d", 1)
	fmt.Fprintln(os.Stderr, "explicit writer")
	log := struct{ Printf func(string, ...any) }{Printf: t.Logf}
	log.Printf("a local logger %d", 1)
}

// Not flagged: not test code.
func report(s string) {
	fmt.Println(s)
}
