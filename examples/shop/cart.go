// Package shop is a tiny shopping cart whose tests show the smells gotestsmells finds.
package shop

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// ErrEmpty is returned when checking out an empty cart.
var ErrEmpty = errors.New("cart is empty")

// Cart holds items and their prices in cents.
type Cart struct {
	mu      sync.Mutex
	items   map[string]int
	created time.Time
}

// New returns an empty cart.
func New() *Cart {
	return &Cart{items: map[string]int{}, created: time.Now()}
}

// Add puts an item in the cart.
func (c *Cart) Add(name string, cents int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[name] += cents
}

// Total is the sum of the prices, with the currency from $SHOP_CURRENCY.
func (c *Cart) Total() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	sum := 0
	for _, v := range c.items {
		sum += v
	}
	cur := os.Getenv("SHOP_CURRENCY")
	if cur == "" {
		cur = "EUR"
	}
	return fmt.Sprintf("%d.%02d %s", sum/100, sum%100, cur)
}

// Checkout empties the cart and returns the number of items bought.
func (c *Cart) Checkout() (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.items) == 0 {
		return 0, ErrEmpty
	}
	n := len(c.items)
	c.items = map[string]int{}
	return n, nil
}

// Parse reads a price like "12.34" into cents.
func Parse(s string) (int, error) {
	var a, b int
	if _, err := fmt.Sscanf(s, "%d.%d", &a, &b); err != nil {
		return 0, fmt.Errorf("bad price %q: %w", s, err)
	}
	return a*100 + b, nil
}
