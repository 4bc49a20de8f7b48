"""Sync benchmark: what a sync costs the network and the laptop's disk.

    .venv/bin/python bench/bench_sync.py [SIZE ...]     SIZE: "real" (the manual in content/) or a chapter count

Default: real 1000. For each size, publishes the edition with the development
keys, makes a laptop of it, then measures two syncs over a loopback server:

    nothing changed   a sync after the one that brought the latest edition
    one chapter       one Level C chapter changed and published again

and prints for each: wall time, bytes downloaded, requests, and what it did on
the laptop's disk, counted from the files themselves so that any version of the
sync can be measured the same way (run this file from an older checkout to get
"before"): files opened for writing and hard links made under editions/
(staging included), fsyncs of regular files, and the bytes the editions folder
grew by; then, after ten editions have arrived, what the laptop holds. The one-chapter line also checks
the target of at most 32 KB of metadata beside the chapter. The search index is
not updated here: it costs the same whatever the sync does with files.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.content import manual_from_files  # noqa: E402
from reader.core.editions.sync import sync  # noqa: E402
from tests.publishing import Publisher, edition, make_laptop, manual_edition  # noqa: E402 (one way for tests and benches)
from tests.server import Server  # noqa: E402


def _inodes(folder: Path) -> dict[int, int]:
    """inode -> size of every regular file under `folder`."""
    found = {}
    for path in folder.rglob("*"):
        st = path.lstat()
        if stat.S_ISREG(st.st_mode):
            found[st.st_ino] = st.st_size
    return found


class _Writes:
    """Files opened for writing, and hard links made, under a folder while a sync runs (an audit hook,
    so that staging files a sync removes again are counted too)."""

    active = None

    def __init__(self, folder: Path):
        self.folder = str(folder)
        self.files = 0
        self.links = 0

    def __enter__(self):
        _Writes.active = self
        return self

    def __exit__(self, *exc):
        _Writes.active = None

    @staticmethod
    def hook(event, args):
        me = _Writes.active
        if me is None:
            return
        if event == "open" and isinstance(args[0], (str, os.PathLike)) and os.fspath(args[0]).startswith(me.folder):
            mode, flags = args[1], args[2]
            writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & (os.O_WRONLY | os.O_RDWR))
            me.files += writing
        elif event == "os.link" and os.fspath(args[1]).startswith(me.folder):
            me.links += 1


sys.addaudithook(_Writes.hook)


class _FsyncCount:
    """Counts os.fsync of regular files (python-tuf's metadata and state.json included: all a sync flushes)."""

    def __init__(self):
        self.count = 0
        self._real = os.fsync

    def __enter__(self):
        def counting(fd):
            if stat.S_ISREG(os.fstat(fd).st_mode):
                self.count += 1
            return self._real(fd)

        os.fsync = counting
        return self

    def __exit__(self, *exc):
        os.fsync = self._real


def _measure(label: str, library, server) -> None:
    before = _inodes(library.editions)
    server.requests.clear()
    with _FsyncCount() as fsyncs, _Writes(library.editions) as writes:
        start = time.perf_counter()
        report = sync(library, server.url)
        seconds = time.perf_counter() - start
    after = _inodes(library.editions)
    new = {ino: size for ino, size in after.items() if ino not in before}
    if label:
        print(f"  {label:<16} {seconds * 1000:7.0f} ms  {report.bytes:>7,} B down, {len(server.requests):>2} requests  "
              f"{writes.files:>5} files written, {writes.links:>5} linked  {fsyncs.count:>5} fsyncs  "
              f"+{sum(new.values()):>10,} B on disk  {'up to date' if report.up_to_date else 'new edition'}")
    return report


def _held(library) -> str:
    inodes = _inodes(library.editions)
    return f"{len(library.installed())} editions, {sum(inodes.values()):,} B in {len(inodes)} files"


def bench(size: str) -> None:
    if size == "real":
        files = edition()
    else:
        from bench.scale_corpus import scaled_manual

        files = manual_edition(scaled_manual(int(size)))
    manual = manual_from_files(files)
    target = next(c for c in manual.chapters if c.level == "C")
    path = f"chapters/{target.id}.md"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        publisher = Publisher(tmp / "repo")
        publisher.publish(files, minutes=-10)
        library = make_laptop(publisher.repo, tmp)
        files = dict(files)
        files[path] = files[path] + b"\nA sentence added for the benchmark.\n"
        publisher.publish(files, minutes=-5)
        server = Server(publisher.repo)
        try:
            sync(library, server.url)  # the latest edition, as after any earlier sync
            print(f"{size} ({len(manual.chapters)} chapters, {len(files)} files):")
            _measure("nothing changed", library, server)
            files[path] = files[path] + b"\nAnother sentence.\n"
            publisher.publish(files)
            report = _measure("one chapter", library, server)
            metadata = report.bytes - len(files[path])
            print(f"  one chapter: metadata {metadata:,} B beside the chapter (target <= 32,768: "
                  f"{'met' if metadata <= 32768 else 'MISSED'})")
            for n in range(7):  # ten editions in all have reached this laptop
                files[path] = files[path] + f"\nEdition {n}.\n".encode()
                publisher.publish(files, minutes=n + 1)
                _measure("", library, server)
            print(f"  held after 10 editions: {_held(library)} (target: <= 3 editions)")
        finally:
            server.stop()


def main() -> None:
    for size in sys.argv[1:] or ["real", "1000"]:
        bench(size)


if __name__ == "__main__":
    main()
