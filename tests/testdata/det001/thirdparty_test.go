package det001

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.etcd.io/etcd/tests/v3/framework/integration"
)

// Refused: an integration framework's cluster does real network I/O the bubble cannot fake, and the
// test reads no clock: no fix.
func TestCluster(t *testing.T) {
	clus := integration.NewCluster(t, &integration.ClusterConfig{Size: 1})
	defer clus.Terminate(t)
	time.Sleep(time.Second) // want "DET001"
	require.NotNil(t, clus)
}

// Assertion libraries are no obstacle: the bubble is offered.
func TestWithRequire(t *testing.T) {
	time.Sleep(time.Second) // want "DET001 .*synctest bubble"
	require.True(t, true)
}
