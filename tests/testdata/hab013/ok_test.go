package hab013

import "testing"

// Not flagged: the cleanup is registered directly.
func TestCleanup(t *testing.T) {
	t.Cleanup(func() {})
}

// Not flagged: a Cleanup method of something that is not the test.
type registry struct{ fns []func() }

func (r *registry) Cleanup(f func()) { r.fns = append(r.fns, f) }

func TestOtherCleanup(t *testing.T) {
	r := &registry{}
	defer r.Cleanup(func() {})
}

// Not flagged: a deferred closure that registers a cleanup is not `defer t.Cleanup(...)`.
func TestDeferredClosure(t *testing.T) {
	defer func() {
		t.Cleanup(func() {})
	}()
}
