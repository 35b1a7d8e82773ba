"""Table-driven conversion (HAB009): find near-identical tests by the shape of their trees and turn them
into one table-driven test.

- `shape`: the structural fingerprint of a function body or a block, with holes where constant-like values
  stand (literals, `-1`, `time.Second`, `3 * time.Second`, package-level names used as values).
- `detect`: groups of 3+ sibling tests, or 3+ consecutive blocks or `t.Run` calls in one test, whose
  shapes are equal and whose holes differ somewhere.
- `gotypes`: what Go type each varying position needs (from the values and from where they stand).
- `convert`: the table (fields, rows, names) and the edits that replace the group.
"""
