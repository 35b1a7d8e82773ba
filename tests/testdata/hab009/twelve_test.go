package twelve

import "testing"

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for d := 2; d*d <= n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// Twelve one-line tests, each calling a helper with its own values: one table of twelve rows.

func checkPrime(t *testing.T, n int, want bool) {
	t.Helper()
	if got := isPrime(n); got != want {
		t.Errorf("isPrime(%d) = %v, want %v", n, got, want)
	}
}

func TestPrime2(t *testing.T) { checkPrime(t, 2, true) } // want "HAB009 12 near-identical tests .TestPrime2, TestPrime3, TestPrime4, TestPrime5, TestPrime9, 7 more."

func TestPrime3(t *testing.T) { checkPrime(t, 3, true) } // want "HAB009"

func TestPrime4(t *testing.T) { checkPrime(t, 4, false) } // want "HAB009"

func TestPrime5(t *testing.T) { checkPrime(t, 5, true) } // want "HAB009"

func TestPrime9(t *testing.T) { checkPrime(t, 9, false) } // want "HAB009"

func TestPrime11(t *testing.T) { checkPrime(t, 11, true) } // want "HAB009"

func TestPrime15(t *testing.T) { checkPrime(t, 15, false) } // want "HAB009"

func TestPrime17(t *testing.T) { checkPrime(t, 17, true) } // want "HAB009"

func TestPrime21(t *testing.T) { checkPrime(t, 21, false) } // want "HAB009"

func TestPrime23(t *testing.T) { checkPrime(t, 23, true) } // want "HAB009"

func TestPrimeOne(t *testing.T) { checkPrime(t, 1, false) } // want "HAB009"

func TestPrimeNegative(t *testing.T) { checkPrime(t, -7, false) } // want "HAB009"
