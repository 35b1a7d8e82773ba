//go:build integration

package existinghelper

import "testing"

func setupPostgres(t testing.TB) string {
	t.Helper()
	return "postgres://localhost/test"
}
