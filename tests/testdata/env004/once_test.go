package onceshared

import (
	"context"
	"sync"
	"testing"

	"github.com/testcontainers/testcontainers-go"
)

var (
	once  sync.Once
	redis testcontainers.Container
)

var kafka = sync.OnceValue(func() testcontainers.Container {
	ctr, _ := testcontainers.Run(context.Background(), "apache/kafka:3.8.0")
	return ctr
})

func TestFirst(t *testing.T) {
	once.Do(func() {
		redis, _ = testcontainers.Run(context.Background(), "redis:7")
	})
	_ = kafka()
}

func TestSecond(t *testing.T) {
	once.Do(func() {
		redis, _ = testcontainers.Run(context.Background(), "redis:7")
	})
	_ = kafka()
}
