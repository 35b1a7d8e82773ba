package hab006

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Not flagged: TestMain has no t.
func TestMain(m *testing.M) {
	_, _ = get(context.Background(), "main")
	m.Run()
}

type server struct{ ctx context.Context }

func (s *server) Shutdown(ctx context.Context) error { return ctx.Err() }

type conn struct{ ctx context.Context }

func dial(ctx context.Context) *conn { return &conn{ctx: ctx} }

func (c *conn) Close() error { return c.ctx.Err() }

// Not flagged: t.Context() is already cancelled when cleanups and deferred calls run.
func TestUsedInCleanup(t *testing.T) {
	ctx := context.Background()
	srv := &server{}
	t.Cleanup(func() {
		if err := srv.Shutdown(ctx); err != nil {
			t.Error(err)
		}
	})
}

func TestUsedInDefer(t *testing.T) {
	ctx := context.Background()
	srv := &server{}
	defer srv.Shutdown(ctx)
}

func TestDerivedUsedInDefer(t *testing.T) {
	ctx := context.Background()
	c := dial(ctx)
	defer c.Close()
}

func TestInDeferAndCleanup(t *testing.T) {
	srv := &server{}
	defer srv.Shutdown(context.Background())
	t.Cleanup(func() { _ = srv.Shutdown(context.TODO()) })
}

// Not flagged: goroutines and callbacks may outlive the test.
func TestGoroutineAndCallback(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, _ = get(context.Background(), "g")
	}()
	wg.Wait()
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = get(context.Background(), "h")
	}))
	defer h.Close()
	done := make(chan struct{})
	go serve(context.Background(), done)
	<-done
}

func serve(ctx context.Context, done chan struct{}) { close(done) }

// Not flagged: the context leaves the function (returned, stored in a field or an outer variable).
func newContext(t *testing.T) context.Context {
	return context.Background()
}

// Not flagged: something computed with the context is returned (it may hold the context, and the
// caller may close it in a cleanup).
func newConn(t *testing.T) *conn {
	ctx := context.Background()
	c := dial(ctx)
	return c
}

func mustGet(tb testing.TB, key string) string {
	v, err := get(context.Background(), key)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestStored(t *testing.T) {
	s := &server{}
	s.ctx = context.Background()
	var outer context.Context
	t.Run("sub", func(t *testing.T) {
		outer = context.Background()
	})
	_ = outer
	_ = newContext(t)
	_ = newConn(t)
	_ = mustGet(t, "a")
}

// Not flagged: a call that gets t and the context may keep the context for a cleanup.
func startServer(t *testing.T, ctx context.Context) *server {
	s := &server{}
	t.Cleanup(func() { _ = s.Shutdown(ctx) })
	return s
}

func TestPassedWithT(t *testing.T) {
	_ = startServer(t, context.Background())
	ctx := context.Background()
	_ = startServer(t, ctx)
}

// Not flagged: compared, or part of an expectation: another context would change what matches.
type mockStore struct{ want context.Context }

func (m *mockStore) EXPECT() *mockStore            { return m }
func (m *mockStore) Get(ctx context.Context) error { m.want = ctx; return nil }

func TestCompared(t *testing.T) {
	m := &mockStore{}
	_ = m.EXPECT().Get(context.Background())
	if m.want != context.Background() {
		t.Fatal("not the background context")
	}
	ctx := context.TODO()
	if errors.Is(ctx.Err(), context.Canceled) || ctx == nil {
		t.Fatal("cancelled")
	}
}

// Not flagged: no testing value in scope, or it is shadowed.
func background() context.Context {
	return context.Background()
}

func TestShadowed(t *testing.T) {
	t.Run("x", func(*testing.T) {
		t := 1
		_ = t
		_, _ = get(context.Background(), "x")
	})
}
