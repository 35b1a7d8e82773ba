package shop

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"testing"
	"time"
)

func TestTotal(t *testing.T) {
	os.Setenv("SHOP_CURRENCY", "USD")
	defer os.Unsetenv("SHOP_CURRENCY")
	c := New()
	c.Add("apple", 150)
	c.Add("pear", 275)
	if got := c.Total(); got != "4.25 USD" {
		t.Errorf("Total() = %q", got)
	}
}

func TestCheckoutConcurrent(t *testing.T) {
	c := New()
	for i := 0; i < 10; i++ {
		go func() {
			c.Add(fmt.Sprint("item", i), 100)
		}()
	}
	time.Sleep(10 * time.Millisecond)
	n, err := c.Checkout()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("bought", n)
}

func TestRandomPrices(t *testing.T) {
	c := New()
	for i := 0; i < 5; i++ {
		c.Add(fmt.Sprint("item", i), rand.Intn(1000))
	}
	if _, err := c.Checkout(); err != nil {
		t.Fatal(err)
	}
}

func TestCheckoutEmpty(t *testing.T) {
	_, err := New().Checkout()
	if err == nil || err.Error() != "cart is empty" {
		t.Fatalf("want ErrEmpty, got %v", err)
	}
}

func TestCreatedRecently(t *testing.T) {
	ctx := context.Background()
	_ = ctx
	c := New()
	if time.Since(c.created) > time.Second {
		t.Error("cart is old")
	}
}

func TestLater(t *testing.T) {
	t.Skip()
}

func TestParseSeven(t *testing.T) {
	got, err := Parse("7.00")
	if err != nil {
		t.Fatal(err)
	}
	if got != 700 {
		t.Errorf("Parse = %d, want %d", got, 700)
	}
}

func TestParseForty(t *testing.T) {
	got, err := Parse("40.50")
	if err != nil {
		t.Fatal(err)
	}
	if got != 4050 {
		t.Errorf("Parse = %d, want %d", got, 4050)
	}
}

func TestParseSmall(t *testing.T) {
	got, err := Parse("0.99")
	if err != nil {
		t.Fatal(err)
	}
	if got != 99 {
		t.Errorf("Parse = %d, want %d", got, 99)
	}
}
