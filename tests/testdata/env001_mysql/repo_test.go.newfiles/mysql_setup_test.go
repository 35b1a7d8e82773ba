//go:build !windows && integration

package repo_test

import (
	"context"
	"sync"
	"testing"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/mysql"
)

// One MySQL container serves every integration test of the package: setupMySQL starts it on first
// use and Testcontainers' reaper (Ryuk) removes it when the test binary exits.
// Needs: go get github.com/testcontainers/testcontainers-go/modules/mysql
var (
	mysqlOnce sync.Once
	mysqlDSN  string
	mysqlErr  error
)

// setupMySQL returns the connection string of the package's MySQL container, starting it on
// first use. Tests share the database: give each its own tables, schema or transaction.
func setupMySQL(t testing.TB) string {
	t.Helper()
	mysqlOnce.Do(func() {
		ctx := context.Background()
		ctr, err := mysql.Run(ctx, "mysql:8.0.36",
			mysql.WithDatabase("test"),
			mysql.WithUsername("test"),
			mysql.WithPassword("test"),
		)
		if err != nil {
			// Run can return a half-started container with its error: remove it now.
			_ = testcontainers.TerminateContainer(ctr)
			mysqlErr = err
			return
		}
		mysqlDSN, mysqlErr = ctr.ConnectionString(ctx)
	})
	if mysqlErr != nil {
		t.Fatalf("start MySQL: %v", mysqlErr)
	}
	return mysqlDSN
}
