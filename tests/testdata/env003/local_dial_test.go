package localdial

import (
	"net"
	"os"
	"testing"
	"time"
)

func TestLocalAndReserved(t *testing.T) {
	if c, err := net.Dial("tcp", "localhost:8080"); err == nil {
		c.Close()
	}
	if c, err := net.Dial("tcp", "127.0.0.1:8080"); err == nil {
		c.Close()
	}
	if c, err := net.Dial("tcp", "[::1]:8080"); err == nil {
		c.Close()
	}
	if c, err := net.Dial("tcp", ":8080"); err == nil {
		c.Close()
	}
	// TEST-NET-1 is unroutable on purpose: it exercises a dial timeout, not a server.
	if c, err := net.DialTimeout("tcp", "192.0.2.1:80", time.Millisecond); err == nil {
		c.Close()
	}
	if c, err := net.Dial("unix", "/tmp/app.sock"); err == nil {
		c.Close()
	}
	// Credentials and switches are not addresses.
	_ = os.Getenv("DB_PASSWORD")
	_ = os.Getenv("SKIP_DB_TESTS")
}
