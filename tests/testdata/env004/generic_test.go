package generic

import (
	"context"
	"testing"

	"github.com/testcontainers/testcontainers-go"
)

func TestPublish(t *testing.T) {
	req := testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{Image: "nats:2.10", ExposedPorts: []string{"4222/tcp"}},
		Started:          true,
	}
	ctr, err := testcontainers.GenericContainer(context.Background(), req) // want "ENV004 TestPublish starts its own container \\(nats:2.10\\), and so does TestSubscribe"
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
}

func TestSubscribe(t *testing.T) {
	ctr, err := testcontainers.GenericContainer(context.Background(), testcontainers.GenericContainerRequest{ // want "ENV004 TestSubscribe starts its own container \\(nats:2.10\\), and so does TestPublish"
		ContainerRequest: testcontainers.ContainerRequest{
			Image:        "nats:2.10",
			ExposedPorts: []string{"4222/tcp"},
		},
		Started: true,
	})
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatal(err)
	}
}
