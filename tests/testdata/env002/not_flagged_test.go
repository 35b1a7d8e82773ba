package notflagged

import (
	"testing"

	"github.com/fsouza/fake-gcs-server/fakestorage"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/mocktools/go-smtp-mock/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Fakes of object storage, metrics, tracing and email are not stateful infrastructure in RULES.md's
// sense: ENV002 leaves them alone.
func TestFakes(t *testing.T) {
	s3 := gofakes3.New(s3mem.New())
	_ = s3
	gcs := fakestorage.NewServer(nil)
	defer gcs.Stop()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "x"})
	_ = testutil.ToFloat64(c)
	rec := tracetest.NewSpanRecorder()
	_ = rec
	srv := smtpmock.New(smtpmock.ConfigurationAttr{})
	_ = srv
}
