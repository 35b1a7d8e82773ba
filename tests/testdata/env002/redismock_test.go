package redismocktest

import (
	"testing"

	"github.com/go-redis/redismock/v9"
)

func TestGet(t *testing.T) {
	db, mock := redismock.NewClientMock() // want "ENV002 redismock stands in for Redis: it replays scripted replies"
	mock.ExpectGet("k").SetVal("v")
	_ = db
}
