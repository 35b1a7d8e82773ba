package det003

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEventually(t *testing.T) {
	var n atomic.Int32
	go n.Add(1)
	require.Eventually(t, func() bool { return n.Load() == 1 }, time.Second, time.Millisecond)                                 // want "DET003"
	assert.Eventuallyf(t, func() bool { return n.Load() == 1 }, time.Second, time.Millisecond, "n=%d", 1)                      // want "DET003"
	assert.EventuallyWithT(t, func(c *assert.CollectT) { assert.Equal(c, int32(1), n.Load()) }, time.Second, time.Millisecond) // want "DET003"
}
