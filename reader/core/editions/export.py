"""An edition written out as a repository another laptop can sync from: `reader export-edition DIR`.

One laptop that synced can update colleagues' with no network: the edition in
use is written to a folder (a USB stick, a share) in the shape the publisher's
server has, the consistent-snapshot names python-tuf asks for:

    DIR/metadata/N.root.json         every root of the chain, so a laptop on an older root follows it
    DIR/metadata/V.targets.json, V.bin-XX.json, V.snapshot.json, timestamp.json
    DIR/targets/<folder>/<sha256>.<name>

Nothing is re-signed: the files are the publisher's signed metadata and the
very bytes the edition's verification hashed, so the stick is trusted exactly
as far as the publisher's signatures go (a colleague's sync verifies it all
again, and refuses anything changed on the way). The export is itself checked
before it is reported done, by installing it into a throwaway library.

A folder that already holds an export is brought forward (content files have
names of their own hash, so they are never rewritten; the timestamp, written
last, makes the new edition the one offered). A folder holding a newer edition
is not moved back, and a folder holding anything else is not written into.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reader.core.atomic import write_bytes
from reader.core.editions.library import Library
from reader.core.errors import ReaderError, TrustError
from reader.core.trust.verify import METADATA

ROOT_HISTORY = "root_history"  # where a synced edition keeps the roots python-tuf walked


@dataclass
class Exported:
    name: str  # the edition's name (its timestamp's version)
    as_of: str
    folder: Path
    written: int  # files written this time (an export onto an earlier one writes only what is new)
    usable_until: dt.datetime  # the timestamp's expiry: other laptops refuse the folder after it


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _expires(timestamp: bytes) -> dt.datetime:
    try:
        text = json.loads(timestamp)["signed"]["expires"]
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.timezone.utc)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise TrustError("the edition's timestamp changed while it was being exported: try again") from None


def export_edition(library: Library, out: Path, allow_expired: bool = False) -> Exported:
    """Write the edition in use, verified, to `out` as a repository. ReaderError, in plain words, if it cannot.

    `allow_expired` is for an installer's bundle (`reader-publish bundle --from`),
    which is opened offline, where expiry is not checked, and is synced past.
    """
    out = Path(out)
    opened = library.open()
    verified = library.verify(opened.name)  # the bytes written below are the bytes this hashed
    meta = _metadata(library.editions / opened.name / METADATA)
    expires = _expires(meta["timestamp.json"])
    if expires <= _now() and not allow_expired:
        # a stick nobody could sync from (TUF refuses a stale timestamp, so a stolen old stick
        # cannot hold laptops back): say so now, not on the colleague's laptop
        raise ReaderError(f"the signatures of this edition (as of {opened.as_of}) expired on "
                          f"{expires:%Y-%m-%d %H:%M} UTC, so no laptop would take it: sync with the publisher "
                          "first, then export")
    _check_destination(out, verified.version)
    written = 0
    try:
        for path, target in sorted(verified.targets.items()):
            folder, _, name = path.rpartition("/")
            for digest in dict.fromkeys(target.hashes.values()):  # python-tuf asks by the first; any may be
                written += _write_once(out / "targets" / folder / f"{digest}.{name}", verified.files[path])
        for filename, data in meta.items():
            if filename != "timestamp.json":
                written += _write_once(out / METADATA / filename, data)
        _flush(out)
        write_bytes(out / METADATA / "timestamp.json", meta["timestamp.json"])  # last: it names the rest
        written += 1
    except OSError as exc:
        raise ReaderError(f"the edition could not be written to {out} ({exc.strerror or exc})") from None
    _check_export(library, out, verified.version)
    return Exported(opened.name, opened.as_of, out, written, expires)


def _metadata(meta: Path) -> dict[str, bytes]:
    """The edition's metadata under the names a published repository gives it."""
    try:
        timestamp = (meta / "timestamp.json").read_bytes()
        snapshot = (meta / "snapshot.json").read_bytes()
        files = {"timestamp.json": timestamp}
        snapshot_version = json.loads(timestamp)["signed"]["meta"]["snapshot.json"]["version"]
        files[f"{snapshot_version}.snapshot.json"] = snapshot
        for filename, info in json.loads(snapshot)["signed"]["meta"].items():  # targets.json, bin-XX.json
            files[f"{info['version']}.{filename}"] = (meta / filename).read_bytes()
        for folder in (meta, meta / ROOT_HISTORY):
            if folder.is_dir():
                for path in folder.glob("*.root.json"):
                    if path.name.split(".")[0].isdigit() and path.is_file() and not path.is_symlink():
                        files[path.name] = path.read_bytes()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        # verified a moment ago: only a change on disk since can bring us here
        raise TrustError("the edition's metadata changed while it was being exported: try again") from None
    return files


def _check_destination(out: Path, version: int) -> None:
    if out.exists() and not out.is_dir():
        raise ReaderError(f"{out} is a file, not a folder")
    held = out / METADATA / "timestamp.json"
    if held.exists():
        try:
            there = json.loads(held.read_bytes())["signed"]["version"]
        except (OSError, ValueError, KeyError, TypeError):
            raise ReaderError(f"{out} holds a damaged repository: choose an empty folder") from None
        if isinstance(there, int) and there > version:
            raise ReaderError(f"{out} already holds a newer edition ({there}) than this laptop's ({version}): "
                              "sync from it instead")
    elif out.is_dir() and any(out.iterdir()):
        raise ReaderError(f"{out} is not empty and holds no exported edition: choose an empty folder")


def _write_once(path: Path, data: bytes) -> int:
    """Write `path` unless it already holds exactly `data`; 1 if written."""
    try:
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            return 0
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return 1


def _flush(out: Path) -> None:
    # A stick is pulled out as soon as the export says done: the files must be on it,
    # before the timestamp that names them. One sync where there is one, else each file.
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in out.rglob("*"):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())


def _check_export(library: Library, out: Path, version: int) -> None:
    """Install the export as a colleague's laptop would, to know it is whole before saying so."""
    with tempfile.TemporaryDirectory(prefix="reader-export-check-") as tmp:
        check = Library(Path(tmp), library.pinned_root, out)
        try:
            name = check.install_from_repository(out)
        except ReaderError as exc:
            raise ReaderError(f"the edition written to {out} does not verify ({exc}): the folder may be damaged") from None
        if name != str(version):
            raise ReaderError(f"{out} does not hold the edition just written: the folder may be in use")
