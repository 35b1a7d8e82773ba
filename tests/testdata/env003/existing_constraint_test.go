//go:build linux

// fixture: novet, notest

package existingconstraint // want "ENV003 TestReplica reaches postgres.prod.acme.io:5432"

import (
	"net"
	"testing"
)

func TestReplica(t *testing.T) {
	conn, err := net.Dial("tcp", "postgres.prod.acme.io:5432")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}
