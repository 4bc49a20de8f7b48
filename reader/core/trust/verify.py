"""Offline verification of an edition against the root the reader trusts.

An edition on disk is its TUF metadata (metadata/) beside its content files.
Verification walks the chain the way a TUF client does — root (through every
newer root, each signed by its predecessor), timestamp, snapshot, targets, the
hash bins — and then checks every content file's length and hash, and that
nothing is there that the metadata does not list. Expiry is not checked here: a
laptop offline for months must still read its last good edition. Expiry
matters only when updating, where python-tuf's client enforces it.

Anyone who can write to the data folder can change it under the reader, so the
check trusts nothing about the folder but the bytes it hashes:

- It walks without following links, and refuses anything that is not a plain
  file or folder (a link, a pipe, a socket, a device) and anything unlisted,
  in metadata/ as well as beside it. A link to a copy of chapters/ would
  otherwise be hashed as the copy and shown with a planted file beside it.
- Each file is read once, through the folder the walk opened (never by its
  path again), with O_NOFOLLOW and O_NONBLOCK so that neither a link swapped in
  afterwards nor a pipe can stand in for it or hang the check.
- The bytes it hashed are the ones it returns (`Verified.files`), and the
  reader builds the manual from them (reader.core.content.manual_from_files):
  the folder is never read a second time, so what was checked is what is shown.

The signatures are checked by reader.core.trust.signatures (cryptography only), not
python-tuf, whose imports would add some 65 ms to every start.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.core.errors import MissingFile, SignatureError, TamperedFile, TrustError
from reader.core.trust import partnerships
from reader.core.trust.signatures import (
    HashBins,
    Partnerships,
    Signed,
    Target,
    check_listed_file,
    listed_version,
    parse,
    root_role,
    targets_of,
)

METADATA = "metadata"
ROOT_HISTORY = "root_history"  # python-tuf's client keeps every root it trusted here
ROLES = ("timestamp.json", "snapshot.json", "targets.json")
_VERSIONED_ROOT = re.compile(r"([1-9][0-9]{0,11})\.root\.json")
MAX_METADATA = 10 * 1024 * 1024  # far above python-tuf's own limits (5 MB for targets)

# Where the system opens files relative to an open folder (Linux, macOS), every
# folder is opened once, without following a link, and its files through it: a
# folder swapped for a link after the walk is never followed. Elsewhere (Windows)
# each entry is looked at with lstat before it is opened.
_BY_FD = hasattr(os, "O_NOFOLLOW") and os.open in os.supports_dir_fd and os.scandir in os.supports_fd
_FILE = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Verified:
    """What a verified edition's metadata says of it, and the content files it checked."""

    version: int  # the timestamp's version: increases with every publish
    snapshot_version: int
    root_version: int
    targets: dict[str, Target]
    files: dict[str, bytes] = field(default_factory=dict, repr=False)  # path -> the very bytes hashed
    # The partnerships targets.json delegates their own Level C, and the one that signed each
    # of their files (reader.core.trust.partnerships); empty where none is delegated.
    partnerships: tuple[str, ...] = ()
    signed_by: dict[str, str] = field(default_factory=dict, repr=False)


# -- the folder, read without following links -----------------------------------


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


class _Folder:
    """One folder of an edition, opened once; its entries and files read through it."""

    def __init__(self, handle: int | str, where: str):
        self._handle = handle  # an open folder (by fd), or its path where fds cannot be used
        self.where = where  # "", "metadata/", "chapters/": for messages

    @classmethod
    def open(cls, path: Path, where: str = "") -> _Folder:
        # The edition folder itself is named by the reader, not found in a walk: it may be a link.
        try:
            if _BY_FD:
                return cls(os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)), where)
            if not path.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a folder")
            return cls(str(path), where)
        except FileNotFoundError:
            raise MissingFile(f"{where or path} is missing") from None
        except OSError as exc:
            raise TamperedFile(f"{where or path} cannot be read ({exc.strerror or exc})") from None

    def close(self) -> None:
        if isinstance(self._handle, int):
            os.close(self._handle)

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def entries(self, strict: bool = True) -> dict[str, str]:
        """Name -> "file" or "folder", sorted; TamperedFile for anything else in it
        (or, not `strict`, anything else left out)."""
        found = {}
        try:
            with os.scandir(self._handle) as scan:
                for entry in scan:
                    found[entry.name] = _kind(entry.stat(follow_symlinks=False).st_mode)
        except OSError as exc:
            raise TamperedFile(f"{self.where or 'the edition'} cannot be read ({exc.strerror or exc})") from None
        if not strict:
            found = {name: kind for name, kind in found.items() if kind in ("file", "folder")}
        for name, kind in found.items():
            if kind not in ("file", "folder"):
                raise TamperedFile(f"{self.where}{name} is a {kind}: an edition holds only files and folders")
        return dict(sorted(found.items()))

    def folder(self, name: str) -> _Folder:
        where = f"{self.where}{name}/"
        try:
            if isinstance(self._handle, int):
                return _Folder(os.open(name, _FOLDER, dir_fd=self._handle), where)
            path = os.path.join(self._handle, name)
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                raise NotADirectoryError(errno.ENOTDIR, "not a folder")
            return _Folder(path, where)
        except OSError as exc:  # replaced since the walk saw it: refused, not followed
            raise TamperedFile(f"{where} cannot be read ({exc.strerror or exc})") from None

    def read(self, name: str, most: int) -> bytes:
        """The bytes of the plain file `name`, read once; at most `most` + 1 of them."""
        where = f"{self.where}{name}"
        try:
            if isinstance(self._handle, int):
                fd = os.open(name, _FILE, dir_fd=self._handle)
            else:
                path = os.path.join(self._handle, name)
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    raise OSError(errno.ELOOP, "it is a link")
                fd = os.open(path, _FILE)
        except FileNotFoundError:
            raise MissingFile(f"{where} is missing") from None
        except OSError as exc:
            raise TamperedFile(f"{where} cannot be read ({exc.strerror or exc})") from None
        try:
            kind = _kind(os.fstat(fd).st_mode)
            if kind != "file":  # a pipe opens at once with O_NONBLOCK, and is refused here
                raise TamperedFile(f"{where} cannot be read (it is a {kind}, not a file)")
            chunks, left = [], most + 1  # one byte over the limit is enough to refuse
            while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
                chunks.append(chunk)
                left -= len(chunk)
            return b"".join(chunks)
        except OSError as exc:
            raise TamperedFile(f"{where} cannot be read ({exc.strerror or exc})") from None
        finally:
            os.close(fd)


# -- the metadata ---------------------------------------------------------------


def _load(meta: _Folder, filename: str, kind: str, name: str) -> tuple[Signed, bytes]:
    data = meta.read(filename, MAX_METADATA)
    if len(data) > MAX_METADATA:
        raise TamperedFile(f"{meta.where}{filename} is far too large to be metadata")
    return parse(data, kind, name), data


def _read_roots(meta: _Folder, entries: dict[str, str]) -> dict[str, Signed]:
    """Every root file metadata/ keeps, by its place ("2.root.json", "root_history/2.root.json")."""
    places = [name for name, kind in entries.items() if kind == "file" and _root_version(name) is not None]
    roots = {}
    if entries.get(ROOT_HISTORY) == "folder":
        with meta.folder(ROOT_HISTORY) as history:
            for name, kind in history.entries().items():
                if kind != "file" or not _VERSIONED_ROOT.fullmatch(name):
                    raise TamperedFile(f"{METADATA}/{ROOT_HISTORY}/{name} is not part of the edition's metadata")
                roots[f"{ROOT_HISTORY}/{name}"] = _load(history, name, "root", f"root {ROOT_HISTORY}/{name}")[0]
    for name in places:
        roots[name] = _load(meta, name, "root", f"root {name}")[0]
    return roots


def _root_version(name: str) -> int | None:
    if name == "root.json":
        return 0  # python-tuf's copy of the newest root: any version
    match = _VERSIONED_ROOT.fullmatch(name)
    return int(match.group(1)) if match else None


def trusted_root(pinned: bytes, roots: dict[str, Signed]) -> Signed:
    """The newest root reachable from the pinned one through signed rotations."""
    try:
        root = parse(pinned, "root", "the application's trusted root")
    except TamperedFile:
        raise TrustError("the application's trusted root is damaged: reinstall the reader") from None
    chain = {root.version: root}
    while True:
        # Published repositories keep N.root.json; python-tuf's client keeps root_history/N.root.json.
        name = f"{root.version + 1}.root.json"
        new = roots.get(name) or roots.get(f"{ROOT_HISTORY}/{name}")
        if new is None:
            break
        root_role(root, "root").check(new)  # signed by the keys the old root trusts
        root_role(new, "root").check(new)  # and by the keys it names itself
        if new.version != root.version + 1:
            raise SignatureError(f"root version {new.version} is out of sequence")
        root = chain[new.version] = new
    for place, kept in roots.items():
        _check_kept_root(place, kept, chain, root)
    return root


def trusted_root_in(pinned: bytes, meta_dir: Path) -> Signed:
    """The newest root the pinned one reaches through the roots kept in `meta_dir`.

    For python-tuf's own metadata folder (reader.core.editions.tuf_client), whose
    root.json is a link python-tuf makes: links are left out, never followed.
    """
    with _Folder.open(Path(meta_dir), f"{METADATA}/") as meta:
        return trusted_root(pinned, _read_roots(meta, meta.entries(strict=False)))


def _check_kept_root(place: str, kept: Signed, chain: dict[int, Signed], newest: Signed) -> None:
    # Every root file is read, so that none can hold anything else. One of a
    # version the chain verified after the pinned root must be that root. Those
    # up to the pinned root's version are history (the edition's own 1.root.json,
    # say, published with the same keys) and never trusted. Newer ones are a
    # rotation the chain could not reach, which nobody legitimate writes.
    named = _root_version(place.rpartition("/")[2])
    if named and kept.version != named:
        raise TamperedFile(f"{METADATA}/{place} holds root version {kept.version}")
    if kept.version > newest.version:
        raise SignatureError(f"{METADATA}/{place} is a root the reader cannot trust")
    verified = chain.get(kept.version)
    if kept.version > min(chain) and verified.payload != kept.payload:
        raise SignatureError(f"{METADATA}/{place} is not the root the edition was verified with")


def _verify_metadata(pinned_root: bytes, meta: _Folder) -> Verified:
    entries = meta.entries()
    root = trusted_root(pinned_root, _read_roots(meta, entries))
    timestamp, _ = _load(meta, "timestamp.json", "timestamp", "the edition's timestamp")
    root_role(root, "timestamp").check(timestamp)
    snapshot, data = _load(meta, "snapshot.json", "snapshot", "the edition's snapshot")
    check_listed_file(timestamp, "snapshot.json", data)
    root_role(root, "snapshot").check(snapshot)
    if snapshot.version != listed_version(timestamp, "snapshot.json"):
        raise TamperedFile("the edition's snapshot is not the one its timestamp names")
    targets, data = _load(meta, "targets.json", "targets", "the edition's targets")
    root_role(root, "targets").check(targets)
    _check_listed(snapshot, "targets", targets, data)

    files: dict[str, Target] = {}
    signed_by: dict[str, str] = {}
    read = set(ROLES)
    layer = Partnerships.from_targets(targets)
    slugs = layer.slugs if layer is not None else ()

    def take(md: Signed, role: str, trusted_for=None) -> None:
        for path, target in targets_of(md).items():
            if trusted_for is not None and trusted_for(path) != role:
                raise SignatureError(f"{role} lists {path}, which it is not trusted for")
            if layer is not None and role != "targets" and (why := partnerships.refusal(path, role, slugs)):
                raise SignatureError(why)
            if path in files:  # python-tuf would take the first: two answers, refused
                raise TamperedFile(f"{path} is listed twice, by the edition's {role} and another role")
            files[path] = target
            if partnerships.slug_of(role):
                signed_by[path] = partnerships.slug_of(role)

    def load_role(name: str, role) -> Signed:
        md, data = _load(meta, f"{name}.json", "targets", f"the edition's {name}")
        role.check(md)
        _check_listed(snapshot, name, md, data)
        read.add(f"{name}.json")
        return md

    take(targets, "targets")
    parent = targets
    if layer is not None:
        if files:  # the layer's targets.json only delegates: a file it listed would bypass it
            raise TamperedFile(f"the edition's targets lists {min(files)} itself beside its partnerships' roles")
        for name, role in layer.roles.items():
            md = load_role(name, role)
            if name == partnerships.SHARED:
                parent = md
                continue
            if md.signed.get("delegations") is not None:
                raise TamperedFile(f"the edition's {name} delegates further, which a partnership may not")
            take(md, name)
        take(parent, partnerships.SHARED)
    bins = HashBins.from_targets(parent)
    if bins is not None:
        for name in bins.names():
            take(load_role(name, bins.role), name, bins.bin_for)
    for name, kind in entries.items():
        known = name in read or _root_version(name) is not None  # each read above, whatever it holds
        if not (known and kind == "file") and (name, kind) != (ROOT_HISTORY, "folder"):
            raise TamperedFile(f"{METADATA}/{name} is not part of the edition's metadata")
    return Verified(
        version=timestamp.version,
        snapshot_version=snapshot.version,
        root_version=root.version,
        targets=files,
        partnerships=slugs,
        signed_by=signed_by,
    )


def _check_listed(snapshot: Signed, role: str, md: Signed, data: bytes) -> None:
    check_listed_file(snapshot, f"{role}.json", data)
    if listed_version(snapshot, f"{role}.json") != md.version:
        raise TamperedFile(f"the edition's {role} is not the version its snapshot names")


def verify_metadata(pinned_root: bytes, meta_dir: Path) -> Verified:
    """Verify the metadata in `meta_dir` alone (no content files read)."""
    with _Folder.open(Path(meta_dir), f"{METADATA}/") as meta:
        return _verify_metadata(pinned_root, meta)


# -- the content files ----------------------------------------------------------


def verify_edition(pinned_root: bytes, edition: Path) -> Verified:
    """Verify the metadata, then every content file, of the edition in `edition`.

    The result's `files` are the content files' bytes as hashed: build what is
    shown from them, never from the folder again.
    """
    with _Folder.open(Path(edition)) as top:
        entries = top.entries()
        if entries.get(METADATA) != "folder":
            raise MissingFile(f"the edition's {METADATA}/ folder is missing")
        with top.folder(METADATA) as meta:
            verified = _verify_metadata(pinned_root, meta)
        folders = {path[: i] for path in verified.targets for i, c in enumerate(path) if c == "/"}
        files: dict[str, bytes] = {}
        _read_content(top, {k: v for k, v in entries.items() if k != METADATA}, verified.targets, folders, files)
    missing = sorted(set(verified.targets) - set(files))
    if missing:
        raise MissingFile(f"{missing[0]} is missing from the edition")
    _check_scopes(verified, files)
    return replace(verified, files=files)


def _check_scopes(verified: Verified, files: dict[str, bytes]) -> None:
    """SignatureError for a chapter whose front matter disagrees with the partnership that signed
    it (reader.core.trust.partnerships.check_scope). Only where a partnership is delegated; a
    front matter that cannot be read is left to the manual's parser, which refuses it."""
    if not verified.partnerships:
        return
    from reader.core.content import chapter_level_and_scope
    from reader.core.errors import ContentError

    for path, data in files.items():
        if not path.startswith("chapters/"):
            continue
        try:
            level, scope = chapter_level_and_scope(path, data)
        except ContentError:
            continue
        why = partnerships.check_scope(path, level, scope, verified.signed_by.get(path), verified.partnerships)
        if why:
            raise SignatureError(why)


def _read_content(folder: _Folder, entries: dict[str, str], targets: dict[str, Target], folders: set[str],
                  out: dict[str, bytes]) -> None:
    # Only folders some listed file lies in are opened: anything else is refused
    # before it is walked, however deep or wide it is.
    for name, kind in entries.items():
        path = f"{folder.where}{name}"
        if kind == "file" and path in targets:
            target = targets[path]
            data = folder.read(name, target.length)
            if not target.matches(data):
                raise TamperedFile(f"{path} differs from the published file")
            out[path] = data
        elif kind == "folder" and path in folders:
            with folder.folder(name) as sub:
                _read_content(sub, sub.entries(), targets, folders, out)
        elif path in targets:
            raise TamperedFile(f"{path} cannot be read (a {kind} is in its place)")
        else:
            raise TamperedFile(f"{path} is in the edition but not in its signed metadata")
