package hab012

import "testing"

func transform(x struct {
	name string
	in   int
}) struct {
	name string
	in   int
} {
	return x
}

// Not flagged: a copy under another name.
func TestOtherName(t *testing.T) {
	for _, tt := range tests {
		tc := tt
		t.Run(tc.name, func(t *testing.T) { _ = tc })
	}
}

// Not flagged: the loop variable is declared outside the loop (`=`), so it is shared.
func TestAssignedLoopVariable(t *testing.T) {
	var tt struct {
		name string
		in   int
	}
	for _, tt = range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) { _ = tt })
	}
}

// Not flagged: in a three-clause loop the copy is written, which would step the loop without it.
func TestThreeClauseWritten(t *testing.T) {
	for i := 0; i < 3; i++ {
		i := i
		i += 10
		_ = i
	}
}

// Not flagged: the copy sits inside a function literal.
func TestInsideClosure(t *testing.T) {
	for _, tt := range tests {
		func() {
			tt := tt
			tt.in++
			_ = tt
		}()
	}
}

// Not flagged: the right-hand side is a local redeclaration, not the loop variable.
func TestLocalRedeclared(t *testing.T) {
	for _, tt := range tests {
		tt := transform(tt)
		{
			tt := tt
			_ = tt
		}
	}
}

// Not flagged: not a loop variable.
func TestNotLoop(t *testing.T) {
	x := 1
	{
		x := x
		_ = x
	}
}
