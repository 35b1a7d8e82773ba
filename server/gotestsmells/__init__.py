"""gotestsmells: find the Go tests that will hurt in production, and fix them."""

__version__ = "0.1.0"
