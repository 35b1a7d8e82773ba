package testmaincontainer // want "ENV003 TestMain reaches a container \\(postgres:16\\)"

import (
	"log"
	"os"
	"testing"

	"github.com/ory/dockertest/v3"
)

var addr string

func TestMain(m *testing.M) {
	pool, err := dockertest.NewPool("")
	if err != nil {
		log.Fatal(err)
	}
	res, err := pool.RunWithOptions(&dockertest.RunOptions{Repository: "postgres", Tag: "16"})
	if err != nil {
		log.Fatal(err)
	}
	addr = res.GetHostPort("5432/tcp")
	code := m.Run()
	_ = pool.Purge(res)
	os.Exit(code)
}

func TestAddr(t *testing.T) {
	if addr == "" {
		t.Fatal("no address")
	}
}
