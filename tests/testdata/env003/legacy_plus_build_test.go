//go:build linux || darwin
// +build linux darwin

// fixture: novet, notest

package legacyplusbuild // want "ENV003 TestCache reaches the server named by \\$REDIS_ADDR"

import (
	"net"
	"os"
	"testing"
)

func TestCache(t *testing.T) {
	conn, err := net.Dial("tcp", os.Getenv("REDIS_ADDR"))
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}
