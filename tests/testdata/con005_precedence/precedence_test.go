package con005precedence

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// CON005 is the more specific rule on this defer: HAB001's finding there is dropped.
func TestBoth(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close() // want "CON005"
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close() // want "HAB001"
	t.Run("get", func(t *testing.T) {
		t.Parallel()
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
}
