"""The reader's sync client behind tuf-conformance's client-under-test CLI.

tuf-conformance (github.com/theupdateframework/tuf-conformance) drives a TUF
client through three commands and then inspects the metadata folder, the
downloaded files and the requests made:

    client.py --metadata-dir DIR init TRUSTED_ROOT
    client.py --metadata-dir DIR --metadata-url URL refresh
    client.py --metadata-dir DIR --metadata-url URL --target-name PATH \\
              --target-base-url URL --target-dir DIR download

Exit code 0 on success, 1 on any failure (with the reason on stderr).

What is exercised is the reader's own client code, as `reader sync` runs it
(reader.core.editions.tuf_client and reader.core.editions.fetcher): DIR is kept like DATA/tuf/
(what python-tuf verified survives a failed refresh), it is checked with the
offline check's functions before each use, python-tuf starts from the root
the pinned root reaches (never from a root.json in DIR), and every request
goes through the reader's fetcher (proxy, deadlines, redirect policy).

Two things the reader adds on top are left out, because the suite's
repositories are not editions: the edition layout (reader.core.trust.layout) and
the "hash bins only" walk; `download` uses python-tuf's own delegation walk.
The pinned root is kept beside DIR (DIR.pinned-root.json), as the reader keeps
it in the application rather than in its data folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from anywhere, as the suite does

from tuf.api.exceptions import DownloadError, RepositoryError  # noqa: E402

from reader.core.editions import tuf_client  # noqa: E402
from reader.core.errors import ReaderError  # noqa: E402
from reader.core.editions.fetcher import ProxyAwareFetcher  # noqa: E402


def _pinned(metadata_dir: Path) -> Path:
    return metadata_dir.with_name(metadata_dir.name + ".pinned-root.json")


def init(metadata_dir: Path, trusted_root: Path) -> None:
    """Pin the trusted root; no request is made."""
    data = trusted_root.read_bytes()
    metadata_dir.mkdir(parents=True, exist_ok=True)
    _pinned(metadata_dir).write_bytes(data)
    (metadata_dir / "root.json").write_bytes(data)  # replaced by python-tuf's link at the first refresh


def _updater(args, target_dir: Path | None = None, target_base_url: str | None = None):
    metadata_dir = Path(args.metadata_dir)
    root_bytes = tuf_client.prepare(_pinned(metadata_dir).read_bytes(), metadata_dir)
    return tuf_client.updater(metadata_dir, root_bytes, args.metadata_url, ProxyAwareFetcher(),
                              target_dir, target_base_url)


def refresh(args) -> None:
    _updater(args).refresh()


def download(args) -> None:
    updater = _updater(args, Path(args.target_dir), args.target_base_url)
    updater.refresh()
    info = updater.get_targetinfo(args.target_name)
    if info is None:
        raise LookupError(f"{args.target_name!r} is not in the repository's signed targets")
    if updater.find_cached_target(info) is None:  # already downloaded and still matching: not again
        updater.download_target(info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="tuf-conformance client for the procedures reader's sync")
    parser.add_argument("--metadata-dir", required=True)
    parser.add_argument("--metadata-url")
    parser.add_argument("--target-name")
    parser.add_argument("--target-dir")
    parser.add_argument("--target-base-url")
    parser.add_argument("--max-root-rotations", type=int, default=None)  # older suites pass it; python-tuf's default applies
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init").add_argument("trusted_root")
    commands.add_parser("refresh")
    commands.add_parser("download")
    args = parser.parse_args(argv)
    needed = {"init": (), "refresh": ("metadata_url",),
              "download": ("metadata_url", "target_name", "target_dir", "target_base_url")}[args.command]
    missing = [f"--{name.replace('_', '-')}" for name in needed if not getattr(args, name)]
    if missing:
        parser.error(f"{args.command} needs {', '.join(missing)}")
    try:
        if args.command == "init":
            init(Path(args.metadata_dir), Path(args.trusted_root))
        elif args.command == "refresh":
            refresh(args)
        else:
            download(args)
    except (ReaderError, RepositoryError, DownloadError, LookupError, OSError, ValueError) as exc:
        print(f"{args.command} failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
