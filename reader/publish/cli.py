"""`reader-publish`: the procedures editor's command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.errors import ReaderError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader-publish", description="Build the manual's content and editions.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser(
        "import",
        help="turn the source captures into content/",
        description="Re-create CONTENT_DIR's chapters, wordings, register and boards from "
        "the captures and the reviewed mapping in CONTENT_DIR/sources/.",
    )
    imp.add_argument("content_dir", type=Path, nargs="?", default=Path("content"), metavar="CONTENT_DIR")
    imp.add_argument("--check", action="store_true", help="write nothing; exit 1 if content/ differs from a fresh import")
    return parser


def _import(args) -> int:
    from reader.publish.importer import build_manual, write_content
    from reader.core.content import manual_files

    sources = args.content_dir / "sources"
    if not sources.is_dir():
        raise ReaderError(f"{sources} not found: CONTENT_DIR must hold the captures in sources/")
    manual = build_manual(sources)
    if args.check:
        stale = [
            rel
            for rel, text in manual_files(manual).items()
            if not (args.content_dir / rel).is_file() or (args.content_dir / rel).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"reader-publish: {len(stale)} file(s) differ from a fresh import, first {stale[0]}", file=sys.stderr)
            return 1
        print(f"content matches the captures: {len(manual.chapters)} chapters, {len(manual.register)} register entries")
        return 0
    written = write_content(manual, args.content_dir)
    print(f"wrote {len(written)} files: {len(manual.chapters)} chapters, "
          f"{sum(len(c.previous) for c in manual.chapters)} earlier wordings, {len(manual.register)} register entries")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "import":
            return _import(args)
    except ReaderError as exc:
        print(f"reader-publish: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"reader-publish: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
