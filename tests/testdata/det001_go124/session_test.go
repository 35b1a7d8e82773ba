package det001go124

import (
	"testing"
	"time"
)

type session struct {
	expires time.Time
}

func (s session) validAt(now time.Time) bool { return now.Before(s.expires) }

// Below Go 1.25 there is no synctest: the sleep becomes advancing an injected fake clock.
func TestSessionExpires(t *testing.T) {
	s := session{expires: time.Now().Add(time.Second)}
	time.Sleep(2 * time.Second) // want "DET001 .*inject a clock"
	if s.validAt(time.Now()) {
		t.Fatal("session still valid")
	}
}

func TestAfter(t *testing.T) {
	<-time.After(time.Millisecond) // want "DET001 <-time.After.*inject a clock"
}
