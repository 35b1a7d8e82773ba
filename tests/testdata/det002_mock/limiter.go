// Package det002mock is code under test that takes a github.com/benbjohnson/clock Clock.
package det002mock

import (
	"time"

	"github.com/benbjohnson/clock"
)

// Window counts events in the last span of time.
type Window struct {
	clock clock.Clock
	span  time.Duration
	times []time.Time
}

// NewWindow reads the time from c.
func NewWindow(span time.Duration, c clock.Clock) *Window { return &Window{clock: c, span: span} }

// Add records an event now.
func (w *Window) Add() { w.times = append(w.times, w.clock.Now()) }

// Count says how many events happened within the span.
func (w *Window) Count() int {
	n := 0
	for _, t := range w.times {
		if w.clock.Since(t) < w.span {
			n++
		}
	}
	return n
}
