package miniredistest

import (
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

func TestCache(t *testing.T) {
	srv := miniredis.RunT(t) // want "ENV002 miniredis stands in for Redis: it does not reproduce eviction under maxmemory, persistence, replication and failover.*production talks to a real Redis through github.com/redis/go-redis/v9"
	c := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	defer c.Close()
}

func newServer(t *testing.T) *miniredis.Miniredis {
	s, err := miniredis.Run() // want "ENV002 miniredis stands in for Redis"
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMain(m *testing.M) {
	srv := miniredis.NewMiniRedis() // want "ENV002 miniredis stands in for Redis"
	_ = srv
	m.Run()
}

func TestNotAConstructor(t *testing.T) {
	var s *miniredis.Miniredis = newServer(t)
	s.FastForward(0)
}
