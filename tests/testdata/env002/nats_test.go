package natstest

import (
	"testing"

	natsserver "github.com/nats-io/nats-server/v2/test"
)

func TestSubscribe(t *testing.T) {
	s := natsserver.RunDefaultServer() // want "ENV002 an in-process nats-server stands in for NATS: a single in-process server does not reproduce clustering, reconnects and failover"
	defer s.Shutdown()
}
