"""A search index shipped inside the frozen application, for a faster first start.

Whoosh indexes hold pickles, so the reader opens only indexes it built itself
(see search_index). An index inside the application folder is the one
exception: it was built at build time, from the bundled edition after that
edition verified, and it is exactly as trusted as the application's own code
beside it. It is never taken from an edition, a download or the data folder of
another program. Once copied it is read like any other: through the
restricted unpickler (safe_pickle), and for ranking only (search).

    resources/index/manual.sha256   digest of everything the index holds
    resources/index/whoosh/         the index

It is copied into the data folder only when there is no index there yet and
its digest is the digest of the manual being opened; otherwise the reader
builds its own as before. (Once copied, the usual per-chapter check still
re-indexes any chapter whose content differs.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from reader.core.model import Manual
from reader.core.search.index import INDEX_NAME, build_index, chapter_hash, writing

DIGEST = "manual.sha256"
INDEX = "whoosh"


def manual_digest(manual: Manual) -> str:
    """Identifies what an index of `manual` holds: the index version and every chapter's hash."""
    h = hashlib.sha256(INDEX_NAME.encode())
    for chapter in sorted(manual.chapters, key=lambda c: c.id):
        h.update(f"\n{chapter.id} {chapter_hash(chapter)}".encode())
    return h.hexdigest()


def seed(index_dir: Path, manual: Manual, bundle: Path | None = None) -> bool:
    """Copy the bundled index to `index_dir` if there is none and it is `manual`'s."""
    if bundle is None:
        from reader.core.paths import resources_dir

        bundle = resources_dir() / "index"
    index_dir = Path(index_dir)
    with writing(index_dir):  # "none there yet" decided, and the copy renamed in, before another reader looks
        return _seed_locked(index_dir, manual, bundle)


def _seed_locked(index_dir: Path, manual: Manual, bundle: Path) -> bool:
    try:
        if index_dir.exists() or (bundle / DIGEST).read_text(encoding="ascii").strip() != manual_digest(manual):
            return False
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.seeding-", dir=index_dir.parent))
        try:
            shutil.copytree(bundle / INDEX, staging, dirs_exist_ok=True)
            os.replace(staging, index_dir)  # as build_index does: never half an index
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except (OSError, UnicodeDecodeError):
        return False  # no bundled index, or it cannot be copied: build one instead
    return True


def build_for_bundle(resources: Path, out: Path) -> Path:
    """At build time: verify the bundled edition, index it into `out`, record its digest."""
    from reader.core.editions.library import Library

    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="reader-bundle-") as data:
        pinned = (resources / "trust" / "root.json").read_bytes()
        opened = Library(Path(data), pinned, resources / "edition").open()  # raises unless it verifies
        build_index(opened.manual, out / INDEX)
        (out / DIGEST).write_text(manual_digest(opened.manual) + "\n", encoding="ascii")
    return out
