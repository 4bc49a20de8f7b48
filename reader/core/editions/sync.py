"""Delta sync: fetch only what changed, prove it, switch to it atomically.

    1. metadata   python-tuf's client refreshes root, timestamp, snapshot,
                  targets and the hash bins in the client's kept metadata
                  (DATA/tuf/, see reader.core.editions.tuf_client), started from the
                  root the pinned root reaches, so rollback, freeze, mix-and-
                  match and bad signatures are refused by TUF itself, and a
                  newer version seen is remembered even if the sync fails;
                  every file must be one the edition's layout allows, listed
                  by the one role trusted for it, before anything is written
                  If the snapshot python-tuf now trusts is the one the current
                  edition holds, nothing changed: the sync stops here, before
                  any hash bin is loaded, with the held edition's files never
                  opened and nothing copied, hashed or written (the daily
                  re-sign moves only the timestamp)
    2. download   only the files whose hashes differ from the current
                  edition's; unchanged files are hard-linked from it (copied
                  where the disk cannot link), so only new files take space and
                  only they are flushed at the switch. Which files are unchanged
                  is what the held edition's verification found: the caller's
                  (the window verified it at start), else the library's, now
    3. verify     the assembled edition, whole, as at every start: every file,
                  linked or downloaded, against the new signed metadata. This
                  is what makes a link safe, so the held edition is not checked
                  again; if a file linked from the caller's edition fails (it
                  changed on disk since), the held edition is opened as at
                  start and the edition assembled again. Only chapters whose
                  files changed are parsed; the others are the held ones
    4. index      the search index is updated for the changed chapters
    5. switch     the library adopts it (Library.adopt, as an install does):
                  flushed, renamed into place and `current` replaced; then
                  editions other than the new, the previous and the bundled
                  one are removed (Library.prune)

Each step is a function of its own below, in that order (_sync lists them);
the report hands back the new edition opened from the bytes step 3 verified.

The edition is assembled in a folder beside the editions; until step 5 the current
edition is untouched, and a crash at any step leaves it in use (the folder is
cleared at the next sync).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tuf.api import exceptions as tuf_errors
from tuf.api.metadata import TargetFile
from tuf.ngclient import Updater

from reader.core.editions import state as sync_state
from reader.core.editions import tuf_client
from reader.core.content import manual_from_files
from reader.core.errors import ContentError, SyncCancelled, SyncError, SyncNetworkError, SyncRefused, TrustError
from reader.core.editions.fetcher import (CutShort, DownloadCancelled, FolderFetcher, HttpStatus, MissingFile,
                                          ProxyAuthRequired, ProxyAwareFetcher, ProxyUnreachable, RedirectRefused,
                                          SyncTooLong, Unreachable, Unreadable, UntrustedCertificate, WebPage,
                                          folder_of)
from reader.core.editions.library import Library
from reader.core.editions.opened import Opened
from reader.core.model import Amendment, Chapter, Manual
from reader.core.trust import partnerships
from reader.core.trust.layout import is_edition_path
from reader.core.trust.verify import METADATA, Verified, verify_edition, verify_metadata

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
    # The edition in use after the sync, opened from the bytes the sync verified (or the
    # caller's own, when nothing changed), so that no caller verifies and reads it again;
    # not part of to_json(). See `opened`.
    _opened: Opened | None = field(default=None, compare=False, repr=False)
    _open_later: Callable[[], Opened] | None = field(default=None, compare=False, repr=False)

    @property
    def opened(self) -> Opened | None:
        """The edition in use after the sync, verified and read.

        A sync where nothing changed, given no edition by its caller, never
        opened one (that is what makes it cheap): it is opened here, once, only
        if a caller asks (the command line never does).
        """
        if self._opened is None and self._open_later is not None:
            self._opened, self._open_later = self._open_later(), None
        return self._opened

    @opened.setter
    def opened(self, value: Opened | None) -> None:
        self._opened, self._open_later = value, None

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
        if cid in old_chapters and (c.current != old_chapters[cid].current or c.title != old_chapters[cid].title
                                    or c.attachments != old_chapters[cid].attachments)  # a new form is news too
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


class _Held:
    """The edition in use when the sync started: named at once, opened only when a step needs it.

    Step 1 and the snapshot check need only its name and its signed snapshot
    (python-tuf checks everything it takes from it), so a sync where nothing
    changed never reads its content files. The delta and the comparison need
    it verified and read: the caller's Opened when it is still the current one
    (the window verified it at start), else the library opens it then.
    """

    def __init__(self, library: Library, given: Opened | None):
        self.library = library
        current = library.current_name()
        self.taken = False  # is it the caller's Opened, verified before this sync began?
        if given is not None and given.name == current and given.hashes is not None:
            self.name, self._opened, self.taken = current, given, True
        elif current is not None and (library.editions / current / METADATA).is_dir():
            self.name, self._opened = current, None
        else:  # nothing installed yet (or `current` names no folder): open now, installing the bundled edition
            self._opened = library.open()
            self.name = self._opened.name

    @property
    def opened(self) -> Opened:
        if self._opened is None:
            self._opened = self.library.open()  # verified, falling back as at start
            self.name = self._opened.name
        return self._opened

    def reopen(self) -> None:
        """Verify and read it here after all (the caller's copy proved stale): as at start, with fallback."""
        self._opened, self.taken = None, False
        self.opened  # noqa: B018 - opens it

    @property
    def given(self) -> Opened | None:
        """The opened edition if there is one already (never opening it)."""
        return self._opened


@dataclass
class _Context:
    """What one sync works with; built once by sync() so the steps take one argument."""

    library: Library
    url: str
    held: _Held  # the edition in use when the sync started: the base of the delta and the comparison
    work: Path  # the staging folder beside the editions, removed at the end
    step: _Step
    fetcher: ProxyAwareFetcher
    index_update: object = None
    crash_after: str | None = None

    @property
    def current_dir(self) -> Path:
        return self.library.editions / self.held.name

    @property
    def edition(self) -> Path:
        """Where the new edition is assembled, metadata and files, until it is adopted."""
        return self.work / "edition"

    def survived(self, step: str) -> None:
        """The end of a step: where a test's `crash_after` exits as abruptly as a power cut."""
        if self.crash_after == step:
            os._exit(70)  # no cleanup runs


def sync(
    library: Library,
    url: str,
    *,
    timeout: float = 10.0,
    deadline: float = 60.0,
    overall: float = 600.0,
    progress=None,
    cancelled=None,
    index_update=None,
    crash_after: str | None = None,
    held: Opened | None = None,
) -> SyncReport:
    """Bring the library up to the repository at `url`. Raises a SyncError, never half-applies.

    `timeout` bounds each connect and read, `deadline` each file, `overall` every
    download of the sync together (seconds).
    `index_update(manual)` updates the search index for the new edition (step 4).
    `crash_after` is for tests: the process exits abruptly after that step.
    `held` is the edition the caller has open (the window's, verified at its
    start): the base of the delta if it is still the current one, so the sync
    does not verify it again.
    The report's `opened` is the edition in use afterwards, already verified and read.
    """
    step = _Step(progress, cancelled)
    base, fetcher = _source(url, timeout, deadline, overall, step.cancelled)
    with sync_state.lock(library.data_dir):
        start = _Held(library, held)  # (the bundled edition installed first, on a laptop that has none)
        _clear_leftovers(library)
        work = Path(tempfile.mkdtemp(prefix=".sync-", dir=library.editions))
        ctx = _Context(library, base, start, work, step, fetcher, index_update, crash_after)
        try:
            report = _sync(ctx)
        except SyncError:
            if step.cancelled():  # whatever failed after Cancel was pressed, the practitioner's answer is "cancelled"
                raise SyncCancelled() from None
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
    sync_state.record(library.data_dir, report)
    return report


def _source(address: str, timeout: float, deadline: float, overall: float,
            cancelled) -> tuple[str, ProxyAwareFetcher]:
    """(the repository's base address, the fetcher for it): a web server, or a folder holding a copy.

    A folder is a USB stick or a share: it is read through python-tuf exactly as
    a server is, so it is checked here only for being a repository at all, to
    say so plainly rather than as a missing timestamp.
    """
    try:
        folder = folder_of(address)
    except ValueError as exc:
        raise SyncError(str(exc)) from None
    if folder is None:
        return address.strip().rstrip("/"), ProxyAwareFetcher(timeout=timeout, deadline=deadline,
                                                                      total=overall, cancelled=cancelled)
    if not folder.is_dir():
        raise SyncError(f"the folder {folder} cannot be found: is the stick or share connected?")
    if not (folder / "metadata" / "timestamp.json").is_file():
        raise SyncError(f"{folder} does not hold a copy of the publisher's repository (no metadata/timestamp.json)")
    return folder.resolve().as_uri(), FolderFetcher(timeout=timeout, deadline=deadline, total=overall,
                                                   cancelled=cancelled)


def _sync(ctx: _Context) -> SyncReport:
    """The steps, in the order of STEPS; any of them may stop the sync, none half-applies it."""
    meta, updater, targets = _refresh(ctx)
    if targets is None:  # the snapshot held: nothing changed
        return _up_to_date(ctx, SyncReport(ctx.held.name, ctx.held.name, bytes=ctx.fetcher.bytes_received,
                                           up_to_date=True))
    _download(ctx, updater, targets)
    try:
        verified, manual = _verify(ctx, meta)
    except SyncRefused:
        if not ctx.held.taken:
            raise
        # The caller's edition was verified when it opened it, not by this sync: one of its files
        # may have changed on disk since. Open it as at start (falling back if it fails) and assemble again.
        ctx.held.reopen()
        shutil.rmtree(ctx.edition, ignore_errors=True)
        _download(ctx, updater, targets)
        verified, manual = _verify(ctx, meta)
    report = _report(ctx, verified, manual)
    if report.up_to_date:
        return _up_to_date(ctx, report)
    _index(ctx, manual)
    report.opened = _switch(ctx, verified, manual)
    return report


def _up_to_date(ctx: _Context, report: SyncReport) -> SyncReport:
    """The report of a sync that changed nothing: the edition in use is the one held, opened only if asked for."""
    if ctx.held.given is not None:
        report.opened = ctx.held.given
    else:
        report._open_later = ctx.library.open
    return report


def _refresh(ctx: _Context) -> tuple[Path, Updater, dict[str, TargetFile] | None]:
    """Step 1, metadata: python-tuf refreshes the client's kept metadata (DATA/tuf/) from the server.

    It starts from the root the pinned root reaches, never from a root.json in
    the edition, and what it verifies is kept even if a later step fails.
    The edition's files, as its metadata lists them; None if the snapshot is the
    one held, checked before any hash bin is loaded (2,048 of them at 10,000
    chapters, each verified by python-tuf: most of such a sync's time otherwise).
    """
    ctx.step("metadata")
    state = ctx.library.data_dir / tuf_client.STATE_DIR
    try:
        root_bytes = tuf_client.prepare(ctx.library.pinned_root, state, floor=ctx.current_dir / METADATA,
                                        roots_only=_never_synced(ctx))
    except TrustError as exc:
        raise SyncRefused(f"sync cannot start: {exc}") from None
    except OSError as exc:
        raise SyncError(f"sync cannot keep its metadata in {state} ({exc.strerror or exc})") from None
    try:
        with _downloading():
            updater = tuf_client.updater(state, root_bytes, f"{ctx.url}/metadata/", ctx.fetcher,
                                         ctx.work / ".downloads", f"{ctx.url}/targets/")
            updater.refresh()
            targets = None if _snapshot_unchanged(ctx, state) else _edition_targets(updater)
    except tuf_errors.ExpiredMetadataError:
        if isinstance(ctx.fetcher, FolderFetcher):
            raise SyncRefused("the edition in the folder has expired: export it again from a laptop that "
                              "has synced with the publisher this week") from None
        wrong = _clock_wrong(ctx.fetcher)
        if wrong is not None:
            raise SyncRefused(wrong) from None
        raise SyncRefused("the server's edition has expired: the publisher must re-sign it") from None
    except tuf_errors.BadVersionNumberError:
        raise SyncRefused("the server offered an edition older than the one held (refused)") from None
    except tuf_errors.RepositoryError as exc:
        raise SyncRefused(f"the server's edition failed verification ({exc})") from None
    except OSError as exc:  # python-tuf writes each verified file into the kept folder
        raise SyncError(f"sync cannot keep its metadata in {state} ({exc.strerror or exc})") from None
    ctx.survived("metadata")
    return state, updater, targets


def _snapshot_unchanged(ctx: _Context, meta: Path) -> bool:
    """Is the snapshot python-tuf verified, byte for byte, the one the current edition holds?

    The snapshot names the version (and hash, where given) of every targets
    file, so the same signed snapshot means the same files: nothing to fetch,
    copy or check. A newer timestamp alone (a re-sign) changes nothing held.
    """
    try:
        return (meta / "snapshot.json").read_bytes() == (ctx.current_dir / METADATA / "snapshot.json").read_bytes()
    except OSError:
        return False


def _never_synced(ctx: _Context) -> bool:
    """Is the edition held the bundled one, on a laptop that has kept no metadata from any server?

    Then its versions are the installer's, not a server's: a bundle made after
    the publisher's repository (a rebuilt or staging one, `reader-publish bundle`)
    would otherwise make the publisher's own edition "older than the one held"
    for weeks. Its roots still count (they are the chain of trust); only a
    rollback of what a sync has verified from a server is refused.
    """
    kept = ctx.library.data_dir / tuf_client.STATE_DIR / "timestamp.json"
    return ctx.held.name == ctx.library.bundled_name() and not kept.exists()


def _download(ctx: _Context, updater: Updater, targets: dict[str, TargetFile]) -> None:
    """Step 2, download: each file into the staging edition, linked if held unchanged, else downloaded.

    Which held files are unchanged is what the held edition's verification found
    (Opened.hashes); a file linked from it is hashed once more, against the new
    edition's signed metadata, by step 3, so a held file changed on disk since
    it was verified is refused there, never shown.
    """
    opened = ctx.held.opened
    held = opened.hashes if opened.hashes is not None else _held_hashes(ctx.library, ctx.current_dir)
    total, inside = len(targets), set()
    for n, (path, tf) in enumerate(sorted(targets.items()), 1):
        ctx.step("download", n, total)
        dst = _staged(ctx.edition, path, inside)
        src = ctx.current_dir / path
        if held.get(path) == tf.hashes.get("sha256") and src.is_file() and not src.is_symlink():
            _link_or_copy(src, dst)
            continue
        try:
            with _downloading():
                updater.download_target(tf, filepath=str(dst))
        except tuf_errors.RepositoryError:
            raise SyncRefused(f"{path} from the server does not match its signed hash (refused)") from None
    ctx.survived("download")


def _link_or_copy(src: Path, dst: Path) -> None:
    """A second name for an unchanged file (no bytes written), or a copy where links are not to be had.

    Editions are never written in place (a new one is a new folder, `current`
    is replaced by rename), so two editions sharing a file cannot change each
    other; and each is verified whole at start either way.
    """
    try:
        os.link(src, dst)
    except OSError:  # FAT or exFAT, a share, another device, a link limit
        shutil.copyfile(src, dst)


def _verify(ctx: _Context, meta: Path) -> tuple[Verified, Manual]:
    """Step 3, verify: the assembled edition as at every start, and read from the bytes just hashed."""
    ctx.step("verify")
    _copy_verified_metadata(meta, ctx.edition / METADATA, ctx.current_dir / METADATA)
    try:
        verified = verify_edition(ctx.library.pinned_root, ctx.edition)
    except TrustError as exc:
        raise SyncRefused(f"the new edition failed verification: {exc}") from None
    # the bytes just verified, not the folder again; a chapter whose files hash as the held edition's is its
    # parsed chapter (the same bytes parse the same), so only what changed is parsed
    try:
        manual = manual_from_files(verified.files, _unchanged_chapters(ctx.held.opened, verified))
    except ContentError as exc:  # signed, but not a manual the reader can show (a document not what it says)
        raise SyncRefused(f"the new edition cannot be used: {exc}") from None
    ctx.survived("verify")
    return verified, manual


def _unchanged_chapters(held: Opened, verified: Verified) -> dict[str, Chapter]:
    """The held edition's chapters, by id, whose files (the chapter's and its earlier wordings') all have
    the sha256 the new edition's signed metadata gives them, and no file added or gone."""
    if held.hashes is None:
        return {}
    old = _files_by_chapter(held.hashes)
    new = _files_by_chapter({path: target.hashes.get("sha256") for path, target in verified.targets.items()})
    return {c.id: c for c in held.manual.chapters if c.id in new and old.get(c.id) == new[c.id]}


def _files_by_chapter(hashes: dict[str, str | None]) -> dict[str, dict[str, str | None]]:
    """chapter id -> {path: sha256} of chapters/<id>.md, wordings/<id>/*.md and attachments/<id>/* (the
    files _chapter reads: a document's hash is part of the chapter it belongs to)."""
    found: dict[str, dict[str, str | None]] = {}
    for path, digest in hashes.items():
        parts = path.split("/")
        if len(parts) == 2 and parts[0] == "chapters" and parts[1].endswith(".md"):
            found.setdefault(parts[1][: -len(".md")], {})[path] = digest
        elif len(parts) == 3 and parts[0] == "wordings" and parts[2].endswith(".md"):
            found.setdefault(parts[1], {})[path] = digest
        elif len(parts) == 3 and parts[0] == "attachments":
            found.setdefault(parts[1], {})[path] = digest
    return found


def _report(ctx: _Context, verified: Verified, manual: Manual) -> SyncReport:
    name = str(verified.version)
    changed, added, removed, arrived = compare(ctx.held.opened.manual, manual)
    return SyncReport(name, ctx.held.name, changed, added, removed, arrived, ctx.fetcher.bytes_received,
                      up_to_date=(name == ctx.held.name))


def _index(ctx: _Context, manual: Manual) -> None:
    """Step 4, index: the search index brought to the new edition before the window can show it."""
    ctx.step("index")
    if ctx.index_update is not None:
        ctx.index_update(manual)
    ctx.survived("index")


def _switch(ctx: _Context, verified: Verified, manual: Manual) -> Opened:
    """Step 5, switch: the library adopts the new edition; it is handed back opened, not read again."""
    ctx.step("switch")
    name = ctx.library.adopt(ctx.edition, verified)
    ctx.survived("switch")
    ctx.library.prune(keep={name, ctx.held.name})  # after `current` is written, never before
    return ctx.library.opened(name, verified, manual)


@contextlib.contextmanager
def _downloading():
    """What the fetcher and python-tuf raise while downloading, as a SyncError, told apart by type."""
    try:
        yield
    except DownloadCancelled:
        raise SyncCancelled() from None
    except RedirectRefused as exc:
        raise SyncRefused(str(exc)) from None
    except tuf_errors.DownloadError as exc:
        raise SyncNetworkError(_network_message(exc)) from None


def _edition_targets(updater: Updater) -> dict[str, TargetFile]:
    """Every file of the edition, each taken only from the role trusted for it.

    A signature says who listed a file, not where the reader may write it, so
    every path must be one the edition's layout allows (reader.core.trust.layout),
    and a hash bin counts only for the paths that hash to it: otherwise the
    holder of one bin's key could list any file, and a top-level entry could
    shadow a bin's. All this is refused here, before anything is downloaded or
    written. python-tuf has no call that lists targets: walk the verified
    top-level targets and load each hash bin it delegates to (unchanged bins
    come from the kept metadata, not the network). Where partnerships sign their
    own Level C, targets delegates to their roles and to shared, which delegates
    to the bins: a file then counts only from the role reader.core.trust.partnerships
    says owns it, so one partnership's key cannot list another's chapters.
    """
    top = updater._trusted_set.targets  # verified by refresh()
    found: dict[str, TargetFile] = {}
    slugs: list[str] | None = None  # the partnerships delegated their own Level C, where the edition does

    def take(listing, role: str, bins=None) -> None:
        for path, tf in listing.targets.items():
            _check_path(path, role)
            if bins is not None and bins.get_role_for_target(path) != role:
                raise SyncRefused(f"{role} lists {path!r}, which it is not trusted for (refused)")
            if slugs is not None and (why := partnerships.refusal(path, role, slugs)):
                raise SyncRefused(f"{why} (refused)")
            if path in found:
                raise SyncRefused(f"{path!r} is listed both by the edition's targets and by {role} (refused)")
            found[path] = tf

    roles = top.delegations.roles if top.delegations else None
    if roles is None:  # no partnership delegated: the hash bins directly, as before the layer
        take(top, "the edition's targets")
        parent, parent_name = top, "targets"
    else:
        try:
            if any(r.path_hash_prefixes for r in roles.values()):
                raise ValueError("delegated by hash prefixes")
            slugs = partnerships.delegation_slugs([(r.name, r.paths, r.terminating) for r in roles.values()])
        except ValueError as exc:
            raise SyncRefused(f"the edition's targets delegate in a way the reader does not trust ({exc}) (refused)") from None
        if top.targets:
            raise SyncRefused(f"the edition's targets lists {min(top.targets)!r} itself beside its partnerships' "
                              "roles (refused)")
        parent = parent_name = None
        for name in roles:
            listing = updater._load_targets(name, "targets")
            if name == partnerships.SHARED:
                parent, parent_name = listing, name
            elif listing.delegations is not None:
                raise SyncRefused(f"{name} delegates further, which a partnership may not (refused)")
            else:
                take(listing, name)
        take(parent, partnerships.SHARED)
    succinct = parent.delegations.succinct_roles if parent.delegations else None
    if succinct is None:
        return found
    for role in succinct.get_roles():
        take(updater._load_targets(role, parent_name), role, succinct)
    return found


def _check_path(path: str, role: str) -> None:
    if not is_edition_path(path):
        raise SyncRefused(f"{role} lists {path!r}, which is not a file an edition may hold (refused)")


def _staged(edition: Path, path: str, inside: set[Path] | None = None) -> Path:
    """Where `path` goes in the staging edition, its folders made; refused if that is outside it.

    is_edition_path already rules out "..", absolute paths and backslashes;
    this is the last check before writing, so that no symlink in the staging
    folder (or a path rule loosened later) can carry a write out of it.
    `inside`: folders found inside it already in this sync (the staging folder
    is the sync's own, made private): resolving each file's folder anew was
    most of linking 10,000 unchanged files.
    """
    dst = edition.joinpath(*path.split("/"))
    if inside is None or dst.parent not in inside:
        dst.parent.mkdir(parents=True, exist_ok=True)
        root = os.path.realpath(edition)
        if os.path.commonpath([root, os.path.realpath(dst.parent)]) != root:
            raise SyncRefused(f"{path!r} would be written outside the new edition (refused)")
        if inside is not None:
            inside.add(dst.parent)
    if dst.is_symlink() or (dst.exists() and not dst.is_file()):
        raise SyncRefused(f"{path!r} would be written outside the new edition (refused)")
    return dst


def _held_hashes(library: Library, edition: Path) -> dict[str, str]:
    """sha256 of each file of the current edition, from its verified metadata (for an Opened
    made without them; library.open() gives them, from the verification it did)."""
    try:
        return {p: tf.hashes["sha256"] for p, tf in verify_metadata(library.pinned_root, edition / METADATA).targets.items()}
    except TrustError:
        return {}  # download everything rather than trust a damaged edition


def _copy_verified_metadata(src: Path, dst: Path, held: Path) -> None:
    # Regular files only: python-tuf's root.json is a symlink into root_history/,
    # and the offline check never reads it (it walks N.root.json from the pinned root).
    # A file the current edition holds with the same bytes (most hash bins, the
    # roots) is linked from it, as unchanged content files are: step 3 checks them all.
    dst.mkdir(parents=True, exist_ok=True)
    for path in src.rglob("*.json"):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(src)
        target = dst / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        same = held / relative
        data = path.read_bytes()
        try:
            unchanged = same.is_file() and not same.is_symlink() and same.read_bytes() == data
        except OSError:
            unchanged = False
        if unchanged:
            _link_or_copy(same, target)
        else:
            target.write_bytes(data)


CLOCK_SKEW = dt.timedelta(hours=1)  # more than a server's clock and a laptop's differ when both are set right


def _clock_wrong(fetcher: ProxyAwareFetcher) -> str | None:
    """The message for an "expired" edition when the laptop's clock, not the publisher, is at fault.

    python-tuf judges expiry by the laptop's clock. The server's Date header says
    what time it is there: a laptop set weeks ahead sees every edition as
    expired, and blaming the publisher would send the practitioner to the wrong person.
    """
    if fetcher.server_date is None or fetcher.server_date_local is None:
        return None
    ahead = fetcher.server_date_local - fetcher.server_date
    if ahead <= CLOCK_SKEW:
        return None
    return (f"this computer's clock is wrong: it says {fetcher.server_date_local:%Y-%m-%d %H:%M} UTC, the update "
            f"server says {fetcher.server_date:%Y-%m-%d %H:%M} UTC, so the edition looks expired: set the date "
            "and time right, then sync again")


def _network_message(exc: tuf_errors.DownloadError) -> str:
    """What a failed download means, by its type: the cause the practitioner (or IT) can act on."""
    if isinstance(exc, MissingFile):
        return f"the folder lacks a file of the repository ({exc.path}): copy the repository to it again"
    if isinstance(exc, WebPage):
        return ("the network returned a web page instead of the update: sign in to the Wi-Fi (open any web page "
                "in a browser to reach its sign-in page), then sync again")
    if isinstance(exc, ProxyAuthRequired):
        return (f"the proxy {exc.proxy} needs a user name and password (407): ask IT for the proxy settings "
                "to use, or sync from another network")
    if isinstance(exc, ProxyUnreachable):
        return (f"the proxy {exc.proxy} (from this computer's proxy settings) cannot be reached ({exc.detail}): "
                "check the proxy setting, or ask IT")
    if isinstance(exc, UntrustedCertificate):
        return (f"the update server's certificate is not trusted by this computer ({exc.detail}): on a network "
                "that inspects secure connections, IT must add its certificate to the system's trust store; "
                "on guest Wi-Fi, sign in first")
    if isinstance(exc, HttpStatus) and exc.status_code == 404 and exc.url.endswith("/metadata/timestamp.json"):
        base = exc.url[: -len("/metadata/timestamp.json")]
        return f"there is no update repository at {base} (404 for metadata/timestamp.json): check the address"
    if isinstance(exc, HttpStatus) and exc.retry_after is not None and exc.status_code in (429, 503):
        return (f"the update server is busy ({exc.status_code}) and asks to try again in "
                f"{_wait_words(exc.retry_after)}; the edition held stays in use")
    if isinstance(exc, HttpStatus) and exc.status_code == 404:
        return f"the update server lacks a file of the edition ({exc.url}, 404): try again later"
    if isinstance(exc, tuf_errors.DownloadHTTPError):
        return f"the update server answered with an error ({exc.status_code}); try again later"
    if isinstance(exc, SyncTooLong):
        return (f"the sync took longer than {exc.total:.0f} s altogether and was stopped: try again on a "
                "faster connection")
    if isinstance(exc, tuf_errors.SlowRetrievalError):
        return "the update server is too slow to answer; try again later"
    if isinstance(exc, tuf_errors.DownloadLengthMismatchError):
        return "the update server sent more data than the signed edition allows (refused)"
    if isinstance(exc, CutShort):
        return f"the connection broke during the download ({exc.detail}); try again"
    if isinstance(exc, Unreadable):
        return f"the folder could not be read ({exc.detail})"
    if isinstance(exc, Unreachable):
        return f"no connection to the update server ({exc.detail})"
    # python-tuf's own wrapping ("Failed to download ..."): the cause says more
    return f"no connection to the update server ({exc.__cause__ or exc.__context__ or exc})"


def _wait_words(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return f"{max(1, round(seconds))} s"
    return f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes < 120 else f"{round(minutes / 60)} hours"


def _clear_leftovers(library: Library) -> None:
    for leftover in library.editions.glob(".sync-*"):  # ours: only a sync makes them, under the sync lock
        shutil.rmtree(leftover, ignore_errors=True)
    # An install makes these under the editions lock: one under way in another
    # process (a first start) is its work, not a leftover, until that lock is free.
    with library.installing():
        for leftover in library.editions.glob(".incoming-*"):
            shutil.rmtree(leftover, ignore_errors=True)
