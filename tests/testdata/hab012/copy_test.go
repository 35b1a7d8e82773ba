package hab012

import (
	"sync"
	"testing"
)

var tests = []struct {
	name string
	in   int
}{
	{"one", 1},
	{"two", 2},
}

func TestParallelSubtests(t *testing.T) {
	for _, tt := range tests {
		tt := tt // want "HAB012 `tt := tt` copies a loop variable"
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.in == 0 {
				t.Fatal("zero")
			}
		})
	}
}

func TestCommentAbove(t *testing.T) {
	for _, tc := range tests {
		// Capture the range variable.
		tc := tc // want "HAB012"
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_ = tc
		})
	}
}

func TestLongCommentStays(t *testing.T) {
	for _, tc := range tests {
		// The subtests run in parallel, and before Go 1.22
		// they would all see the last element.
		tc := tc // want "HAB012"
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_ = tc
		})
	}
}

func TestBlankLineAfter(t *testing.T) {
	for i, tc := range tests {
		tc, i := tc, i // want "HAB012 .*delete the copy of tc, i"

		t.Run(tc.name, func(t *testing.T) {
			_ = i
		})
	}
}

func TestBlankLinesAround(t *testing.T) {
	for _, tc := range tests {
		name := tc.name

		tc := tc // want "HAB012"

		t.Run(name, func(t *testing.T) {
			_ = tc
		})
	}
}

func TestMap(t *testing.T) {
	m := map[string]int{"a": 1}
	var wg sync.WaitGroup
	for k, v := range m {
		k, v := k, v // want "HAB012"
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = k, v
		}()
	}
	wg.Wait()
}

func TestThreeClause(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		i := i // want "HAB012"
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = i
		}()
	}
	wg.Wait()
}

func TestOuterLoopVariable(t *testing.T) {
	for _, a := range tests {
		for _, b := range tests {
			a := a // want "HAB012"
			t.Run(a.name+b.name, func(t *testing.T) {
				_ = a
			})
		}
	}
}

func TestNestedBlock(t *testing.T) {
	for _, tt := range tests {
		if tt.in > 0 {
			tt := tt // want "HAB012"
			t.Run(tt.name, func(t *testing.T) { _ = tt })
		}
	}
}

func runAll(t *testing.T, fns []func()) {
	for _, fn := range fns {
		fn := fn // want "HAB012"
		t.Run("fn", func(t *testing.T) { fn() })
	}
}

func TestUsesRunAll(t *testing.T) {
	runAll(t, []func(){func() {}})
}

func BenchmarkCopy(b *testing.B) {
	for _, tt := range tests {
		tt := tt // want "HAB012"
		b.Run(tt.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_ = tt
			}
		})
	}
}

// Flagged, no fix: deleting the line would change how gofmt aligns the comments around it.
func TestAlignedComments(t *testing.T) {
	for _, tc := range tests {
		name := tc.name // the subtest's name
		tc := tc        // want "HAB012"
		t.Run(name, func(t *testing.T) { _ = tc })
	}
}
