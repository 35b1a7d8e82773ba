package shop

import (
	"os"
	"path/filepath"
	"testing"
)

func writeReceipt(t *testing.T, dir, body string) string {
	p := filepath.Join(dir, "receipt.txt")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatalf("write: %v", err)
	}
	return p
}

func TestReceipt(t *testing.T) {
	dir, err := os.MkdirTemp("", "receipt")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	p := writeReceipt(t, dir, "4.25 USD")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Error(err)
	}
	if string(b) != "4.25 USD" {
		t.Errorf("receipt = %q", b)
	}
}

func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "shop")
	defer os.RemoveAll(dir)
	os.Exit(m.Run())
}
