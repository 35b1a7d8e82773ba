"""The import table of a file: paths, aliases, dot and blank imports, and the name each is used by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tree_sitter import Node

from ..parsing import text

_MAJOR = re.compile(r"^v\d+$")


@lru_cache(maxsize=8192)  # asked for every import of a file, again and again: the answer is the path's
def default_name(path: str) -> str:
    """The package name an import path is most likely declared with (Go only knows after loading the
    package; this is goimports' guess): the last element, skipping a major-version suffix, with a `go-`
    prefix, a `-go`/`.go` suffix and a `.vN` gopkg.in suffix dropped."""
    parts = path.split("/")
    last = parts[-1]
    if _MAJOR.match(last) and len(parts) > 1:
        last = parts[-2]
    last = re.sub(r"\.v\d+$", "", last)
    if last.startswith("go-"):
        last = last[3:]
    for suf in ("-go", ".go"):
        if last.endswith(suf):
            last = last[: -len(suf)]
    last = re.sub(r"[^A-Za-z0-9_]", "_", last)
    return last or "_"


@dataclass(frozen=True)
class Import:
    path: str
    alias: str | None  # explicit name: an identifier, "." or "_"
    spec: Node  # the import_spec node
    decl: Node  # the import_declaration holding it

    @property
    def local(self) -> str:
        """The name code uses: the alias, or the package's default name; "." for dot imports."""
        return self.alias if self.alias is not None else default_name(self.path)


def read_imports(root: Node) -> list[Import]:
    out: list[Import] = []
    # Index the children one by one: `root.children` would build a Python object for every top-level
    # declaration of the file, and imports come first.
    for i in range(root.child_count):
        decl = root.child(i)
        if decl is None:
            break
        if decl.type != "import_declaration":
            if decl.type in ("package_clause", "comment", "ERROR"):
                continue
            break
        specs: list[Node] = []
        for c in decl.named_children:
            if c.type == "import_spec":
                specs.append(c)
            elif c.type == "import_spec_list":
                specs.extend(s for s in c.named_children if s.type == "import_spec")
        for s in specs:
            p = s.child_by_field_name("path")
            if p is None:
                continue
            path = text(p)[1:-1]
            name = s.child_by_field_name("name")
            alias = text(name) if name is not None else None
            out.append(Import(path, alias, s, decl))
    return out
