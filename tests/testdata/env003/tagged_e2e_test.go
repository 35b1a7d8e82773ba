//go:build e2e && linux

package taggede2e

import (
	"net"
	"testing"
)

func TestEndToEnd(t *testing.T) {
	conn, err := net.Dial("tcp", "api.acme.io:443")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}
