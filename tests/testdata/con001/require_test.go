package con001

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func compute() (int, error) { return 1, nil }

func TestRequireInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		n, err := compute()
		require.NoError(t, err) // want "CON001 require.NoError calls t.FailNow"
		require.Equal(t, 1, n)  // want "CON001 require.Equal"
	}()
	wg.Wait()
}

func checkCompute(t testing.TB) {
	t.Helper()
	_, err := compute()
	require.NoError(t, err)
}

func TestRequireHelperInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		checkCompute(t) // want "CON001 checkCompute calls require.NoError"
	}()
	wg.Wait()
}

// Not flagged: assert reports without stopping; require.New only builds an object.
func TestAssertInGoroutine(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, err := compute()
		assert.NoError(t, err)
		_ = require.New(t)
	}()
	wg.Wait()
}

// Not flagged: require on the test goroutine.
func TestRequireInTest(t *testing.T) {
	_, err := compute()
	require.NoError(t, err)
}

// Not flagged: require on an assert.CollectT inside EventuallyWithT.
func TestCollectT(t *testing.T) {
	go func() {
		assert.EventuallyWithT(t, func(c *assert.CollectT) {
			_, err := compute()
			require.NoError(c, err)
		}, 0, 0)
	}()
}
