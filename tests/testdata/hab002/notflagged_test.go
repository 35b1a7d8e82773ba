package hab002

import (
	"os"
	"strconv"
	"testing"
)

// Not flagged: the check returns (or stops the test) after reporting.
func TestReturns(t *testing.T) {
	n, err := strconv.Atoi("1")
	if err != nil {
		t.Errorf("atoi: %v", err)
		return
	}
	m, err := strconv.Atoi("2")
	if err != nil {
		t.Fatalf("atoi: %v", err)
	}
	for _, s := range []string{"3", "4"} {
		k, err := strconv.Atoi(s)
		if err != nil {
			t.Errorf("atoi: %v", err)
			continue
		}
		_ = k
	}
	if n+m != 3 {
		t.Error("sum")
	}
}

// Not flagged: an assertion on the error alone, or values not used again.
func TestErrorOnly(t *testing.T) {
	_, err := strconv.Atoi("x1")
	if err == nil {
		t.Error("want an error")
	}
	n, err := strconv.Atoi("1")
	if err != nil {
		t.Errorf("atoi: %v", err)
	}
	n, err = strconv.Atoi("2")
	if err != nil || n != 2 {
		t.Fatal(err)
	}
	enabled, err = strconv.ParseBool("true")
	if err != nil {
		t.Errorf("parse: %v", err)
	}
}

var enabled bool

// Not flagged: an else handles the success path.
func TestElse(t *testing.T) {
	n, err := strconv.Atoi("1")
	if err != nil {
		t.Errorf("atoi: %v", err)
	} else if n != 1 {
		t.Error("wrong")
	}
}

// Not flagged: inside a goroutine Fatal is not allowed.
func TestGoroutine(t *testing.T) {
	done := make(chan int)
	go func() {
		n, err := strconv.Atoi("1")
		if err != nil {
			t.Errorf("atoi: %v", err)
		}
		done <- n
	}()
	<-done
}

// Not flagged: not test code.
func helper() int {
	n, _ := strconv.Atoi("1")
	return n
}

func TestUsesHelper(t *testing.T) {
	if helper() != 1 {
		t.Error("helper")
	}
}

// Not flagged: a guard stops the test when the value is missing.
func TestGuarded(t *testing.T) {
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Errorf("open: %v", err)
	}
	if f == nil {
		t.Fatal("no file")
	}
	f.Close()
}
