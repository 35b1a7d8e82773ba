package kfaketest

import (
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"
)

func TestConsume(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1)) // want "ENV002 kfake stands in for Kafka: it does not reproduce partitioning"
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
}
