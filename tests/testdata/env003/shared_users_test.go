package sharedhelpers

import "testing"

func TestUsesHelper(t *testing.T) {
	if startRedis(t) == nil {
		t.Fatal("no container")
	}
}
