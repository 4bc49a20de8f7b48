"""`reader-publish`: the procedures editor's command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.core.errors import ReaderError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        self.exit(2, f"{self.prog}: {message} (see reader-publish --help)\n")


SUBCOMMANDS = ("import", "keys", "bundle")


def _publish_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader-publish",
        description="Build and sign an edition of CONTENT_DIR as a static TUF repository in OUT_DIR. "
        "Publishing again into OUT_DIR makes the next version and re-signs what is due. "
        "Other commands: reader-publish import|keys init|bundle (each has --help).",
    )
    parser.add_argument("content_dir", type=Path, metavar="CONTENT_DIR")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the manual as it stood on this day (default: today)")
    parser.add_argument("--keys", type=Path, metavar="DIR", help="signing keys (default: the development keys)")
    parser.add_argument("--url", metavar="URL", help="where this repository is served: readers sync from it by default")
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reader-publish", description="Build the manual's content and editions.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    imp = sub.add_parser(
        "import",
        help="turn the source captures into content/",
        description="Re-create CONTENT_DIR's chapters, wordings, register and boards from "
        "the captures and the reviewed mapping in CONTENT_DIR/sources/.",
    )
    imp.add_argument("content_dir", type=Path, nargs="?", default=Path("content"), metavar="CONTENT_DIR")
    imp.add_argument("--check", action="store_true", help="write nothing; exit 1 if content/ differs from a fresh import")
    keys = sub.add_parser("keys", help="manage signing keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, parser_class=_Parser)
    init = keys_sub.add_parser("init", help="make a new key set for a real publisher")
    init.add_argument("dir", type=Path, metavar="DIR")
    sub.add_parser(
        "bundle",
        help="re-publish content/ into resources/edition with the development keys and pin its root",
    )
    return parser


def _publish(args) -> int:
    import datetime as dt

    from reader.core.dates import parse_iso
    from reader.publish.edition import edition_files
    from reader.publish.keys import DEV_KEYS, load_signers
    from reader.publish.repository import publish

    as_of = parse_iso(args.as_of) if args.as_of else dt.datetime.now(dt.timezone.utc).date()
    signers = load_signers(args.keys or DEV_KEYS)
    if args.url and not args.url.startswith(("http://", "https://")):
        raise ReaderError(f"--url must be an http:// or https:// address, not {args.url!r}")
    result = publish(edition_files(args.content_dir, as_of, args.url), args.out_dir, signers)
    print(f"published version {result.version} (as of {as_of}) in {args.out_dir}: "
          f"{len(result.targets_written)} new file(s), signed {', '.join(result.roles_signed)}")
    return 0


def _bundle(args) -> int:
    import shutil

    from reader.core.paths import bundled_repository, content_dir, trusted_root_file
    from reader.publish.edition import edition_files
    from reader.publish.keys import DEV_KEYS, load_signers
    from reader.publish.repository import publish
    import datetime as dt

    content = content_dir()  # a checkout only: say so before anything is removed
    out = bundled_repository()
    signers = load_signers(DEV_KEYS)
    # A fresh repository each time keeps the bundle small; its versions come
    # from the publish time, so it is still newer than any bundled before it.
    shutil.rmtree(out, ignore_errors=True)
    result = publish(edition_files(content, dt.datetime.now(dt.timezone.utc).date()), out, signers)
    trusted_root_file().parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out / "metadata" / "1.root.json", trusted_root_file())
    print(f"bundled edition version {result.version} in {out}; trusted root pinned at {trusted_root_file()}")
    return 0


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
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS or not argv or argv[0] in ("-h", "--help"):
        args = _parser().parse_args(argv)
    else:
        args = _publish_parser().parse_args(argv)
        args.command = "publish"
    try:
        if args.command == "import":
            return _import(args)
        if args.command == "publish":
            return _publish(args)
        if args.command == "bundle":
            return _bundle(args)
        if args.command == "keys":
            from reader.publish.keys import init_keys

            for path in init_keys(args.dir):
                print(path)
            print("keep these private keys offline; build the reader with this set's root (see README, Trust)")
            return 0
    except ReaderError as exc:
        print(f"reader-publish: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"reader-publish: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
