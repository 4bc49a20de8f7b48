"""Sync benchmark: one chapter changed in a 1,000-chapter edition.

    .venv/bin/python bench/bench_sync.py [CHAPTERS]

Publishes the scale corpus (bench/scale_corpus.py) with the development keys,
installs it as a laptop's edition with its search index, changes one chapter,
publishes again, serves the repository on 127.0.0.1 and syncs. Prints the bytes
downloaded (metadata and files, as received from the server) against the
target (the chapter plus at most 32 KB of metadata) and the time to apply,
including the incremental search index update.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_corpus import scaled_manual, with_changed_body  # noqa: E402
from reader.core.search import open_index  # noqa: E402
from reader.core.editions.sync import sync  # noqa: E402
from tests.publishing import Publisher, make_laptop, manual_edition  # noqa: E402 (one way for tests and benches)
from tests.server import Server  # noqa: E402


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    manual = scaled_manual(size)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        publisher = Publisher(tmp / "repo")
        publisher.publish(manual_edition(manual), minutes=-5)
        library = make_laptop(publisher.repo, tmp)
        index = open_index(tmp / "data" / "index", library.open().manual)
        target = next(c for c in manual.chapters if c.level == "C")
        changed = with_changed_body(manual, target.id, target.body + "\nA sentence added for the benchmark.\n")
        new_files = manual_edition(changed)
        publisher.publish(new_files)
        server = Server(publisher.repo)
        try:
            start = time.perf_counter()
            report = sync(library, server.url, index_update=index.update)
            seconds = time.perf_counter() - start
        finally:
            server.stop()
            index.close()
        chapter_bytes = len(new_files[f"chapters/{target.id}.md"])
        metadata = report.bytes - chapter_bytes
        targets = [r for r in server.requests if r.startswith("/targets/")]
        print(f"{size} chapters, one changed: changed={report.changed}, {len(targets)} file(s) downloaded")
        print(f"bytes downloaded {report.bytes}: chapter {chapter_bytes} + metadata {metadata} "
              f"(target: metadata <= 32768) -> {'met' if metadata <= 32768 and len(targets) == 1 else 'MISSED'}")
        print(f"time to apply, including the index update: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
