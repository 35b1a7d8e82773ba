package hab014

import (
	"fmt"
	"os"
	"testing"
)

func teardown() { fmt.Println("teardown") }

func TestMain(m *testing.M) {
	defer fmt.Println("deferred") // want "HAB014"
	defer func() {                // want "HAB014"
		fmt.Println("deferred closure")
	}()
	code := m.Run()
	teardown()
	os.Exit(code)
}

func TestNothing(t *testing.T) {}
