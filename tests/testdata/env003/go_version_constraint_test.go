//go:build go1.21

package goversionconstraint // want "ENV003 TestQueue reaches a container \\(rabbitmq:3\\)"

import (
	"testing"

	"github.com/ory/dockertest/v3"
)

func TestQueue(t *testing.T) {
	pool, err := dockertest.NewPool("")
	if err != nil {
		t.Fatal(err)
	}
	res, err := pool.Run("rabbitmq", "3", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Purge(res) })
}
