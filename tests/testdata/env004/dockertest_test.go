package dockertests

import (
	"testing"

	"github.com/ory/dockertest/v3"
)

func TestMigrateUp(t *testing.T) {
	pool, err := dockertest.NewPool("")
	if err != nil {
		t.Fatal(err)
	}
	res, err := pool.RunWithOptions(&dockertest.RunOptions{Repository: "postgres", Tag: "16"}) // want "ENV004 TestMigrateUp starts its own container \\(postgres:16\\), and so does TestMigrateDown"
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Purge(res) })
}

func TestMigrateDown(t *testing.T) {
	pool, err := dockertest.NewPool("")
	if err != nil {
		t.Fatal(err)
	}
	res, err := pool.RunWithOptions(&dockertest.RunOptions{ // want "ENV004 TestMigrateDown starts its own container \\(postgres:16\\), and so does TestMigrateUp"
		Repository: "postgres",
		Tag:        "16",
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Purge(res) })
	t.Run("twice", func(t *testing.T) {})
}

func TestCacheSet(t *testing.T) {
	pool, _ := dockertest.NewPool("")
	res, err := pool.Run("redis", "7", nil) // want "ENV004 TestCacheSet starts its own container \\(redis:7\\), and so does TestCacheGet"
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Purge(res) })
}

func TestCacheGet(t *testing.T) {
	pool, _ := dockertest.NewPool("")
	res, err := pool.Run("redis", "7", nil) // want "ENV004 TestCacheGet starts its own container \\(redis:7\\), and so does TestCacheSet"
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Purge(res) })
}
