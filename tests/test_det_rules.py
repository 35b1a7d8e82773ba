"""The DET rules' building blocks, beyond what the fixtures show: where findings start (DET003/DET005 must
start where DET001 does, so precedence drops DET001), loop classification, wall-clock flow, re-indenting."""

from __future__ import annotations

from pathlib import Path

import pytest

from gotestsmells.analysis.context import FileContext
from gotestsmells.config import Settings
from gotestsmells.linter import Linter
from gotestsmells.parsing import captures, parse
from gotestsmells.rules.det_common import poll_loop, raw_string_lines, reindent
from gotestsmells.rules.wallclock import analyze

HEADER = 'package p\n\nimport (\n\t"sync/atomic"\n\t"testing"\n\t"time"\n)\n\n'


def _lint(
    tmp_path: Path, body: str, codes: tuple[str, ...] = ("DET",), go: str = "1.25"
) -> list[tuple[str, int]]:
    (tmp_path / "go.mod").write_text(f"module example.com/p\n\ngo {go}\n")
    path = tmp_path / "p_test.go"
    src = (HEADER + body).encode()
    path.write_bytes(src)
    res = Linter().lint(str(path), src, Settings(select=codes))
    assert not res.rule_errors
    return [(f.code, f.start) for f in res.findings]


def test_poll_loop_sleep_is_det003_not_det001(tmp_path: Path) -> None:
    body = "func TestX(t *testing.T) {\n\tvar ok atomic.Bool\n\tfor !ok.Load() {\n\t\ttime.Sleep(1)\n\t}\n}\n"
    found = _lint(tmp_path, body)
    sleep = (HEADER + body).encode().index(b"time.Sleep")
    assert found == [("DET003", sleep)]


def test_sleep_waiting_for_goroutine_is_det005_not_det001(tmp_path: Path) -> None:
    body = (
        "func TestX(t *testing.T) {\n\tvar n atomic.Int32\n\tgo func() {\n\t\tn.Add(1)\n\t}()\n"
        "\ttime.Sleep(1)\n\tif n.Load() != 1 {\n\t\tt.Fatal(n.Load())\n\t}\n}\n"
    )
    found = _lint(tmp_path, body)
    sleep = (HEADER + body).encode().index(b"time.Sleep")
    assert found == [("DET005", sleep)]


def test_det001_stands_on_the_receive(tmp_path: Path) -> None:
    body = "func TestX(t *testing.T) {\n\t<-time.After(1)\n}\n"
    found = _lint(tmp_path, body, ("DET001",))
    assert found == [("DET001", (HEADER + body).encode().index(b"<-time.After"))]


@pytest.mark.parametrize(
    ("loop", "polls"),
    [
        ("for !ready() {\n\ttime.Sleep(1)\n}", True),
        ("for {\n\tif ready() {\n\t\tbreak\n\t}\n\ttime.Sleep(1)\n}", True),
        (
            "for i := 0; i < 10; i++ {\n\tif err := try(); err == nil {\n\t\treturn\n\t}\n\ttime.Sleep(1)\n}",
            True,
        ),
        ("for i := 0; i < 3; i++ {\n\ttime.Sleep(1)\n}", False),
        ("for i := 0; shouldPass(i); i++ {\n\ttime.Sleep(1)\n}", False),
        (
            "for i := 0; i < 3; i++ {\n\tif err := try(); err != nil {\n\t\treturn\n\t}\n\ttime.Sleep(1)\n}",
            False,
        ),
        ("for ctx.Err() == nil {\n\ttime.Sleep(1)\n}", False),
        ("for {\n\tselect {\n\tcase <-stop:\n\t\treturn\n\tdefault:\n\t}\n\ttime.Sleep(1)\n}", False),
    ],
)
def test_poll_loop(loop: str, polls: bool) -> None:
    src = f"package p\n\nfunc f() {{\n{loop}\n}}\n".encode()
    ctx = FileContext(None, src, parse(src))
    node = captures("(for_statement) @f", ctx.root)["f"][0]
    assert poll_loop(ctx, node, ctx.root) is polls


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        # A timing assertion.
        (
            "start := time.Now()\n\twork()\n\tif time.Since(start) > time.Second {\n\t\tt.Fatal()\n\t}",
            ["Since"],
        ),
        # A time handed in and compared on the way out: a round trip, deterministic.
        ("now := time.Now()\n\tif got := echo(now); !got.Equal(now) {\n\t\tt.Fatal()\n\t}", []),
        # A deadline bounding a poll loop.
        ("d := time.Now().Add(time.Second)\n\tfor time.Now().Before(d) {\n\t\tbreak\n\t}", []),
        # A log line.
        ('start := time.Now()\n\tt.Logf("took %v", time.Since(start))', []),
        # An expected value computed beside the code under test.
        ('want := time.Now().Format("2006")\n\tif year() != want {\n\t\tt.Fatal()\n\t}', ["Now"]),
    ],
)
def test_wall_clock_flow(body: str, flagged: list[str]) -> None:
    head = 'package p\n\nimport (\n\t"testing"\n\t"time"\n)\n\n'
    src = f"{head}func TestX(t *testing.T) {{\n\t{body}\n}}\n".encode()
    ctx = FileContext(None, src, parse(src))
    flow = analyze(ctx, ctx.functions[0])
    assert [s.kind for s in flow.flagged()] == flagged


def test_reindent_keeps_raw_string_content() -> None:
    src = b"package p\n\nfunc f() {\n\ts := `a\n  b\nc`\n\t_ = s\n}\n"
    tree = parse(src)
    body = captures("(block) @b", tree.root_node)["b"][0]
    start = src.index(b"\ts :=")
    end = src.index(b"\n}\n") + 1
    out = reindent(src, start, end - 1, raw_string_lines(src, body))
    assert out == "\t\ts := `a\n  b\nc`\n\t\t_ = s"
