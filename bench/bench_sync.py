"""Sync benchmark: what a sync costs the network and the laptop's disk, over nginx on 127.0.0.1.

    .venv/bin/python bench/bench_sync.py [SIZE ...] [--fleet N]
    .venv/bin/python bench/bench_sync.py [SIZE ...] --partnerships
        SIZE: "real" (the manual in content/) or a chapter count; default: real 1000; N: 50 (0: none)

With --partnerships it measures instead what delegating partnerships their own
Level C (issue 20) costs a one-chapter sync: the same edition published with no
delegation, then with Dudley and Walsall each delegated its own key, and in each
a change to one of Dudley's Level C chapters and to one shared chapter.

For each size it publishes the edition with the development keys, makes a
laptop of it, starts nginx (bench/nginx.py, configured as the README's hosting
guide says: gzip, the cache headers) and measures syncs of: nothing changed,
one chapter, 10 chapters, 10 % of the chapters, 5 missed editions at once, and
a renewal day (the daily re-sign when the first renewal slot falls due); then
what the laptop holds after ten editions more, and a fleet of N laptops
syncing at once after a one-chapter publish (successes, p50/p95).

Every sync is run as the window runs it, given the edition it already shows
(the last sync's), which it does not verify again; "(command)" lines are
`reader sync URL`'s, which opens the edition held only if something changed.

Each line: wall time, bytes downloaded (on the wire), requests (nginx's log),
and what it did on the laptop's disk, counted from the files themselves so that
any version of the sync can be measured the same way: files opened for writing
and hard links made under editions/ (staging included), fsyncs of regular
files, and the bytes the editions folder grew by. The search index is not
updated here: it costs the same whatever the sync does with files.
"""

from __future__ import annotations

import datetime as dt
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
from bench.nginx import Nginx  # noqa: E402


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


def _measure(label: str, library, server, held=None) -> object:
    before = _inodes(library.editions)
    server.requests_since()
    with _FsyncCount() as fsyncs, _Writes(library.editions) as writes:
        start = time.perf_counter()
        report = sync(library, server.url, held=held)
        seconds = time.perf_counter() - start
    after = _inodes(library.editions)
    asked = server.requests_since()
    new = {ino: size for ino, size in after.items() if ino not in before}
    report.seconds, report.requests = seconds, len(asked)
    if label:
        print(f"  {label:<28} {seconds * 1000:7.0f} ms  {report.bytes:>10,} B down, {len(asked):>5} requests  "
              f"{writes.files:>5} files written, {writes.links:>5} linked  {fsyncs.count:>5} fsyncs  "
              f"+{sum(new.values()):>11,} B on disk  {'up to date' if report.up_to_date else 'new edition'}")
    return report


def _load() -> str:
    """The load average over the last 1, 5 and 15 minutes: how busy the two cores were."""
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _held(library) -> str:
    inodes = _inodes(library.editions)
    return f"{len(library.installed())} editions, {sum(inodes.values()):,} B in {len(inodes)} files"


def _change(files: dict[str, bytes], paths: list[str], words: str) -> None:
    for path in paths:
        files[path] = files[path] + f"\n{words}\n".encode()


def _fleet_one(args) -> tuple[bool, float]:
    data, root, bundled, url = args
    from reader.core.editions.library import Library

    library = Library(Path(data), Path(root).read_bytes(), Path(bundled))
    start = time.perf_counter()
    try:
        sync(library, url)
        return True, time.perf_counter() - start
    except Exception:  # a failure is counted, whatever it was
        return False, time.perf_counter() - start


def _fleet(tmp: Path, publisher, files, chapters: list[str], server, laptops: int) -> None:
    """`laptops` laptops on the edition now served sync at once after a one-chapter publish."""
    import concurrent.futures
    import multiprocessing

    jobs = []
    for n in range(laptops):
        library = make_laptop(publisher.repo, tmp / f"fleet-{n}")
        jobs.append((str(library.data_dir), str(tmp / "root.json"), str(library.bundled), server.url))
    (tmp / "root.json").write_bytes(publisher.first_root)
    _change(files, chapters[:1], "A sentence for the fleet.")
    publisher.publish(files, minutes=30)
    server.requests_since()
    with concurrent.futures.ProcessPoolExecutor(laptops, mp_context=multiprocessing.get_context("fork")) as pool:
        start = time.perf_counter()
        results = list(pool.map(_fleet_one, jobs))
        wall = time.perf_counter() - start
    times = sorted(t for ok, t in results if ok)
    asked = server.requests_since()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else float("nan")  # noqa: E731
    print(f"  fleet of {laptops}: {len(times)} of {laptops} synced in {wall:.1f} s, p50 {p(0.5):.2f} s, "
          f"p95 {p(0.95):.2f} s, {len(asked)} requests, {sum(b for *_, b in asked):,} B served; "
          f"load average {_load()}")


def bench(size: str, fleet: int) -> None:
    if size == "real":
        files = edition()
    else:
        from bench.scale_corpus import scaled_manual

        files = manual_edition(scaled_manual(int(size)))
    manual = manual_from_files(files)
    chapters = [f"chapters/{c.id}.md" for c in manual.chapters]
    level_c = [f"chapters/{c.id}.md" for c in manual.chapters if c.level == "C"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        publisher = Publisher(tmp / "repo")
        t = time.perf_counter()
        publisher.publish(files, minutes=-10)
        library = make_laptop(publisher.repo, tmp)
        publish_s = time.perf_counter() - t
        files = dict(files)
        _change(files, level_c[:1], "A sentence added for the benchmark.")
        publisher.publish(files, minutes=-5)
        server = Nginx(publisher.repo)
        try:
            shown = sync(library, server.url).opened  # the latest edition, as after any earlier sync
            print(f"{size} ({len(manual.chapters)} chapters, {len(files)} files; first publish and laptop "
                  f"{publish_s:.1f} s), over nginx {server.url}; load average {_load()}:")
            _measure("nothing changed", library, server, held=shown)
            _measure("nothing changed (command)", library, server)
            minute = [0]

            def publish(paths, words):
                minute[0] += 1
                _change(files, paths, words)
                return publisher.publish(files, minutes=minute[0])

            def measure(label, command=False):
                nonlocal shown
                report = _measure(label, library, server, held=None if command else shown)
                shown = report.opened
                return report

            publish(level_c[:1], "Another sentence.")
            report = measure("one chapter")
            metadata = report.bytes - len(files[level_c[0]])
            print(f"  one chapter: metadata {metadata:,} B beside the chapter (target <= 32,768: "
                  f"{'met' if metadata <= 32768 else 'MISSED'}); {report.seconds:.2f} s (target <= 3 s at 10,000)")
            publish(level_c[1:2], "Another sentence.")
            measure("one chapter (command)", command=True)
            publish(chapters[:10], "Ten chapters changed.")
            measure("10 chapters")
            publish(chapters[:: 10], "A tenth of the chapters changed.")
            measure("10% of chapters")
            for n in range(5):
                publish(level_c[n + 1: n + 2], f"Missed edition {n}.")
            measure("5 missed editions")
            # A renewal day: the publisher's daily re-sign on the day the first renewal slot falls
            # due (the laptop synced the day before); the content is unchanged.
            from reader.publish.repository import LIFETIME, bin_expiry

            targets_md = (publisher.repo / "metadata").glob("*.bin-*.json")
            bins = {p.name.split(".", 1)[1][: -len(".json")] for p in targets_md}
            signed_at = publisher.now + dt.timedelta(minutes=minute[0])
            due = min(bin_expiry(b, signed_at) for b in bins) - LIFETIME["bins"] / 2
            result = publisher.publish(files, minutes=(due - publisher.now).total_seconds() / 60 + 60)
            minute[0] = (due - publisher.now).total_seconds() / 60 + 61
            renewed = [r for r in result.roles_signed if r.startswith("bin-")]
            measure("renewal day")
            print(f"  renewal day: {len(renewed)} of {len(bins)} bins re-signed (before: all {len(bins)})")
            for n in range(10):  # ten editions more have reached this laptop
                publish(level_c[:1], f"Edition {n}.")
                measure("")
            print(f"  held after 10 more editions: {_held(library)} (target: <= 3 editions)")
            if fleet:
                _fleet(tmp, publisher, files, level_c, server, fleet)
        finally:
            server.stop()


DELEGATED = ("dudley", "walsall")


def _region_keys(folder: Path, slugs) -> object:
    """The development keys, with each of `slugs` delegated its own key (.pub) and signed here (.pem):
    the bytes on the wire are those of a role the partnership signed itself."""
    import shutil

    from reader.publish.keys import DEV_KEYS, ROLES, init_partnership_key, load_signers

    folder.mkdir()
    for role in ROLES:
        shutil.copy(DEV_KEYS / f"{role}.pem", folder)
    for slug in slugs:
        init_partnership_key(slug, folder)
    return load_signers(folder)


def bench_partnerships(size: str) -> None:
    """One-chapter deltas with no delegation and with Dudley and Walsall delegated (issue 20)."""
    if size == "real":
        files = edition()
    else:
        from bench.scale_corpus import scaled_manual

        files = manual_edition(scaled_manual(int(size)))
    manual = manual_from_files(files)
    level_c = next(f"chapters/{c.id}.md" for c in manual.chapters if c.level == "C" and c.scope == DELEGATED[0])
    shared = next(f"chapters/{c.id}.md" for c in manual.chapters if c.level != "C")
    print(f"{size} ({len(manual.chapters)} chapters, {len(files)} files): one-chapter sync, over nginx")
    rows = {}
    for slugs in ((), DELEGATED):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            publisher = Publisher(tmp / "repo", _region_keys(tmp / "keys", slugs))
            edition_files = dict(files)
            first = publisher.publish(edition_files, minutes=-10)
            missing = [s for s in slugs if f"partnership-{s}" not in first.roles_signed]
            if missing:  # a comparison against nothing would look like a result
                raise SystemExit(f"bench: {', '.join(missing)} not delegated: the comparison would be void")
            library = make_laptop(publisher.repo, tmp)
            server = Nginx(publisher.repo)
            try:
                # A first sync, unmeasured, as after any earlier one: the laptop then holds every
                # role's metadata, so what follows is the delta alone.
                _change(edition_files, [level_c, shared], "A sentence before the partnership bench.")
                publisher.publish(edition_files, minutes=-5)
                sync(library, server.url)
                what = f"{' and '.join(s.title() for s in slugs)} delegated" if slugs else "no delegation"
                print(f"  {what}:")
                for minute, (label, path) in enumerate(((f"Level C ({DELEGATED[0]})", level_c),
                                                        ("shared chapter", shared)), start=1):
                    _change(edition_files, [path], f"A sentence for the partnership bench {minute}.")
                    publisher.publish(edition_files, minutes=minute)
                    report = _measure(label, library, server)
                    rows[slugs, label] = (report.bytes, report.requests)
            finally:
                server.stop()
    for label in (f"Level C ({DELEGATED[0]})", "shared chapter"):
        (b0, r0), (b1, r1) = rows[(), label], rows[DELEGATED, label]
        print(f"  {label:<18} {b0:>9,} B, {r0} requests without delegation -> {b1:>9,} B, {r1} requests "
              f"delegated ({b1 - b0:+,} B, {r1 - r0:+d} requests)")


def main() -> None:
    args = sys.argv[1:]
    if "--partnerships" in args:
        args.remove("--partnerships")
        for size in args or ["real", "1000"]:
            bench_partnerships(size)
        return
    fleet = 50
    if "--fleet" in args:
        i = args.index("--fleet")
        fleet = int(args[i + 1])
        del args[i: i + 2]
    for size in args or ["real", "1000"]:
        bench(size, fleet)


if __name__ == "__main__":
    main()
