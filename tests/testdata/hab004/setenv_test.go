package hab004

import (
	"os"
	"testing"
)

func TestPlain(t *testing.T) {
	os.Setenv("APP_ENV", "test") // want "HAB004 .*APP_ENV"
	defer os.Unsetenv("APP_ENV")
	if os.Getenv("APP_ENV") != "test" {
		t.Fatal("not set")
	}
}

func TestIfErr(t *testing.T) {
	if err := os.Setenv("A", "1"); err != nil { // want "HAB004"
		t.Fatal(err)
	}
	if os.Getenv("A") != "1" {
		t.Fatal("not set")
	}
}

func TestErrThenCheck(t *testing.T) {
	err := os.Setenv("B", "2") // want "HAB004"
	if err != nil {
		t.Fatal(err)
	}
	defer func() { os.Unsetenv("B") }()
}

func TestBlank(t *testing.T) {
	_ = os.Setenv("C", "3") // want "HAB004"
}

func TestSubtest(t *testing.T) {
	t.Run("inner", func(tt *testing.T) {
		os.Setenv("D", "4") // want "HAB004"
	})
}

func BenchmarkEnv(b *testing.B) {
	os.Setenv("E", "5") // want "HAB004"
	for i := 0; i < b.N; i++ {
		_ = os.Getenv("E")
	}
}

func setupEnv(tb testing.TB) {
	os.Setenv("F", "6") // want "HAB004"
}

func TestUsesHelper(t *testing.T) {
	setupEnv(t)
}

func TestInGoroutine(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		os.Setenv("G", "7") // want "HAB004"
	}()
	<-done
}
