"""Regenerate the golden files of the wrap tests (tests/golden/wrap/), then review the diff.

    python scripts/regen_golden.py [--db STORE]

Without ``--db`` a fresh store is built from the shared data (``MARKETDESK_TEST_DATA``, default
``../shared/data``), as the tests' ``loaded_db`` fixture does. Golden files are our output, written
only by this script; ``git diff tests/golden`` is the review.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "wrap"
#: (date, focus) pairs; focus None means chosen by newsworthiness.
CASES: tuple[tuple[str, str | None], ...] = (
    ("2024-11-25", None), ("2024-11-25", "^RUT"), ("2020-03-16", None), ("2024-11-06", None),
    ("2021-11-08", None), ("2024-11-28", None), ("2024-11-29", None),
)


def golden_name(date: str, focus: str | None, ext: str) -> str:
    """File name of one golden file: ``2024-11-25.txt``, ``2024-11-25_focus-RUT.md``."""
    tag = f"_focus-{focus.lstrip('^').replace('=', '_')}" if focus else ""
    return f"{date}{tag}.{ext}"


def render_case(desk: object, date: str, focus: str | None, ext: str) -> str:
    """The bytes a golden file holds (text, or md with image links ``{stem}-{chart}.png``)."""
    from marketdesk.wrap import wrap

    fmt = "md" if ext == "md" else "text"
    story = wrap(desk, date, focus=focus, fmt=fmt)  # type: ignore[arg-type]
    stem = golden_name(date, focus, ext).rsplit(".", 1)[0]
    return story.render(fmt, image_prefix=f"{stem}-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing store holding all of the shared data")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from marketdesk.desk import Desk

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            data = Path(os.environ.get("MARKETDESK_TEST_DATA", ROOT.parent / "shared" / "data"))
            db = Path(tmp) / "golden.duckdb"
            with Desk(db) as desk:
                desk.load([data])
        GOLDEN.mkdir(parents=True, exist_ok=True)
        with Desk(db, read_only=True) as desk:
            for date, focus in CASES:
                for ext in ("txt", "md"):
                    path = GOLDEN / golden_name(date, focus, ext)
                    path.write_text(render_case(desk, date, focus, ext), encoding="utf-8")
                    print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
