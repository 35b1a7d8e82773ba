//go:build amd64 || arm64

// fixture: novet, notest

package goarchconstraint // want "ENV003 TestMetricsSink reaches the server named by \\$KAFKA_BROKERS"

import (
	"net"
	"os"
	"testing"
)

// A GOARCH constraint does not keep the file out of a plain go test on those machines.
func TestMetricsSink(t *testing.T) {
	conn, err := net.Dial("tcp", os.Getenv("KAFKA_BROKERS"))
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}
