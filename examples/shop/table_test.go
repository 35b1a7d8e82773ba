package shop

import (
	"testing"
	"time"
)

func TestAddMany(t *testing.T) {
	c := New()
	defer c.Checkout()
	tests := []struct {
		name  string
		cents int
	}{
		{"one", 100},
		{"two", 200},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c.Add(tt.name, tt.cents)
		})
	}
}

func TestCartExpires(t *testing.T) {
	c := New()
	time.Sleep(20 * time.Millisecond)
	if time.Since(c.created) < 20*time.Millisecond {
		t.Error("the clock went backwards")
	}
}
