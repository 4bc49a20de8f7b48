"""Delta sync: fetch only what changed, prove it, switch to it atomically.

    1. metadata   python-tuf's client refreshes root, timestamp, snapshot,
                  targets and the hash bins, starting from the current
                  edition's verified metadata (so rollback, freeze, mix-and-
                  match and bad signatures are refused by TUF itself)
    2. download   only the files whose hashes differ from the current
                  edition's; unchanged files are copied locally
    3. verify     the assembled edition, as at every start
    4. index      the search index is updated for the changed chapters
    5. switch     the edition is renamed into place and `current` replaced

Everything happens in a folder beside the editions; until step 5 the current
edition is untouched, and a crash at any step leaves it in use (the folder is
cleared at the next sync).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tuf.api import exceptions as tuf_errors
from tuf.ngclient import Updater, UpdaterConfig

from reader.core import sync_state
from reader.core.content import manual_from_files, read_manual
from reader.core.errors import SyncCancelled, SyncError, SyncNetworkError, SyncRefused, TrustError
from reader.core.fetcher import ProxyAwareFetcher
from reader.core.library import Library, _fsync_tree
from reader.core.model import Amendment, Manual
from reader.core.trust import METADATA, verify_edition, verify_metadata

STEPS = ("metadata", "download", "verify", "index", "switch")


@dataclass
class SyncReport:
    edition: str
    previous: str | None
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    bytes: int = 0
    up_to_date: bool = False

    def to_json(self) -> dict:
        return {
            "edition": self.edition,
            "previous": self.previous,
            "up_to_date": self.up_to_date,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "amendments": [a.to_json() for a in self.amendments],
            "bytes": self.bytes,
        }


def compare(old: Manual | None, new: Manual) -> tuple[list[str], list[str], list[str], list[Amendment]]:
    """(changed, added, removed chapter ids, register entries that arrived)."""
    old_chapters = {c.id: c for c in old.chapters} if old else {}
    new_chapters = {c.id: c for c in new.chapters}
    changed = sorted(
        cid for cid, c in new_chapters.items()
        if cid in old_chapters and (c.current != old_chapters[cid].current or c.title != old_chapters[cid].title)
    )
    added = sorted(set(new_chapters) - set(old_chapters))
    removed = sorted(set(old_chapters) - set(new_chapters))
    known = {a.id for a in old.register} if old else set()
    arrived = [a for a in new.register if a.id not in known]
    return changed, added, removed, arrived


class _Step:
    """Progress and cancel, checked between steps and between files."""

    def __init__(self, progress, cancelled):
        self.progress = progress or (lambda step, done, total: None)
        self.cancelled = cancelled or (lambda: False)

    def __call__(self, step: str, done: int = 0, total: int = 0) -> None:
        if self.cancelled():
            raise SyncCancelled()
        self.progress(step, done, total)


def sync(
    library: Library,
    url: str,
    *,
    timeout: float = 10.0,
    deadline: float = 60.0,
    progress=None,
    cancelled=None,
    index_update=None,
    crash_after: str | None = None,
) -> SyncReport:
    """Bring the library up to the repository at `url`. Raises a SyncError, never half-applies.

    `index_update(manual)` updates the search index for the new edition (step 4).
    `crash_after` is for tests: the process exits abruptly after that step.
    """
    step = _Step(progress, cancelled)
    url = url.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise SyncError(f"not a web address: {url!r} (expected http:// or https://)")
    with sync_state.lock(library.data_dir):
        current = library.current_name() or library.open().name
        current_dir = library.editions / current
        old_manual = read_manual(current_dir)
        _clear_leftovers(library)
        work = Path(tempfile.mkdtemp(prefix=".sync-", dir=library.editions))
        try:
            report = _sync(library, url, current, current_dir, old_manual, work, step, timeout, deadline,
                           index_update, crash_after)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    sync_state.record(library.data_dir, report)
    return report


def _sync(library, url, current, current_dir, old_manual, work, step, timeout, deadline, index_update, crash_after):
    meta = work / METADATA
    shutil.copytree(current_dir / METADATA, meta, symlinks=False)
    root_bytes = (meta / "root.json").read_bytes()
    fetcher = ProxyAwareFetcher(timeout=timeout, deadline=deadline, cancelled=step.cancelled)
    step("metadata")
    try:
        updater = Updater(
            metadata_dir=str(meta),
            metadata_base_url=f"{url}/metadata/",
            target_base_url=f"{url}/targets/",
            target_dir=str(work / ".downloads"),
            fetcher=fetcher,
            config=UpdaterConfig(prefix_targets_with_hash=True),
            bootstrap=root_bytes,
        )
        updater.refresh()
        targets = _all_targets(updater)
    except SyncCancelled:
        raise
    except tuf_errors.DownloadError as exc:
        raise SyncNetworkError(_network_message(url, exc)) from None
    except tuf_errors.ExpiredMetadataError:
        raise SyncRefused("the server's edition has expired: the publisher must re-sign it") from None
    except tuf_errors.BadVersionNumberError:
        raise SyncRefused("the server offered an edition older than the one held (refused)") from None
    except tuf_errors.RepositoryError as exc:
        raise SyncRefused(f"the server's edition failed verification ({exc})") from None
    _maybe_crash(crash_after, "metadata")

    held = _held_hashes(library, current_dir)
    edition = work / "edition"
    total = len(targets)
    for n, (path, tf) in enumerate(sorted(targets.items()), 1):
        step("download", n, total)
        dst = edition / path
        dst.parent.mkdir(parents=True, exist_ok=True)
        if held.get(path) == tf.hashes.get("sha256"):
            shutil.copyfile(current_dir / path, dst)
            continue
        try:
            updater.download_target(tf, filepath=str(dst))
        except SyncCancelled:
            raise
        except tuf_errors.DownloadError as exc:
            raise SyncNetworkError(_network_message(url, exc)) from None
        except tuf_errors.RepositoryError:
            raise SyncRefused(f"{path} from the server does not match its signed hash (refused)") from None
    _maybe_crash(crash_after, "download")

    step("verify")
    _copy_verified_metadata(meta, edition / METADATA)
    try:
        verified = verify_edition(library.pinned_root, edition)
    except TrustError as exc:
        raise SyncRefused(f"the new edition failed verification: {exc}") from None
    name = str(verified.version)
    new_manual = manual_from_files(verified.files)  # the bytes just verified, not the folder again
    changed, added, removed, arrived = compare(old_manual, new_manual)
    report = SyncReport(name, current, changed, added, removed, arrived, fetcher.bytes_received,
                        up_to_date=(name == current))
    _maybe_crash(crash_after, "verify")
    if report.up_to_date:
        return report

    step("index")
    if index_update is not None:
        index_update(new_manual)
    _maybe_crash(crash_after, "index")

    step("switch")
    _fsync_tree(edition)
    final = library.editions / name
    if final.exists():
        shutil.rmtree(final)
    os.replace(edition, final)
    library.switch(name)
    _maybe_crash(crash_after, "switch")
    return report


def _all_targets(updater: Updater) -> dict:
    """Every target of the edition. python-tuf has no call that lists them: walk
    the verified top-level targets and load each hash bin it delegates to
    (unchanged bins come from the local copy, not the network)."""
    targets = updater._trusted_set.targets  # verified by refresh()
    found = dict(targets.targets)
    succinct = targets.delegations.succinct_roles if targets.delegations else None
    if succinct is not None:
        for role in succinct.get_roles():
            found.update(updater._load_targets(role, "targets").targets)
    return found


def _held_hashes(library: Library, edition: Path) -> dict[str, str]:
    """sha256 of each file of the current edition, from its verified metadata."""
    try:
        return {p: tf.hashes["sha256"] for p, tf in verify_metadata(library.pinned_root, edition / METADATA).targets.items()}
    except TrustError:
        return {}  # download everything rather than trust a damaged edition


def _copy_verified_metadata(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for path in src.rglob("*.json"):
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path.resolve(), target)  # root.json is a symlink in python-tuf's layout


def _network_message(url: str, exc: Exception) -> str:
    cause = exc.__cause__ or exc.__context__
    text = str(exc)
    if isinstance(exc, tuf_errors.DownloadHTTPError):
        return f"the update server answered with an error ({exc.status_code}); try again later"
    if isinstance(exc, tuf_errors.SlowRetrievalError) or "took longer" in text:
        return "the update server is too slow to answer; try again later"
    if "cancelled" in text:
        raise SyncCancelled()
    if isinstance(exc, tuf_errors.DownloadLengthMismatchError):
        return "the update server sent more data than the signed edition allows (refused)"
    detail = text if "could not reach" in text else str(cause or text)
    return f"no connection to the update server ({detail})"


def _clear_leftovers(library: Library) -> None:
    for leftover in library.editions.glob(".sync-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in library.editions.glob(".incoming-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _maybe_crash(crash_after: str | None, step: str) -> None:
    if crash_after == step:
        os._exit(70)  # as abrupt as a power cut: no cleanup runs
