package det002

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func stampNow() time.Time { return time.Now() }

// Assertions on the wall clock: testify's arguments.
func TestAssertions(t *testing.T) {
	assert.WithinDuration(t, time.Now(), stampNow(), time.Second) // want "DET002 time.Now"
	start := time.Now()
	_ = stampNow()
	require.Less(t, time.Since(start), time.Second)               // want "DET002 time.Since"
	require.True(t, stampNow().Before(time.Now().Add(time.Hour))) // want "DET002 time.Now"
}
