package saramamocks

import (
	"testing"

	"github.com/IBM/sarama"
	"github.com/IBM/sarama/mocks"
)

func TestPublish(t *testing.T) {
	p := mocks.NewSyncProducer(t, nil) // want "ENV002 sarama's mocks stands in for Kafka: it does not reproduce partitioning, per-partition ordering, offsets and commits, or consumer-group rebalancing; production talks to a real Kafka through github.com/IBM/sarama"
	p.ExpectSendMessageAndSucceed()
	c := mocks.NewConsumer(t, sarama.NewConfig()) // want "ENV002 sarama's mocks stands in for Kafka"
	_ = c
}

func TestBroker(t *testing.T) {
	b := sarama.NewMockBroker(t, 1) // want "ENV002 sarama's mock broker stands in for Kafka: .*ordering.*offsets"
	defer b.Close()
	_ = sarama.NewConfig()
}
