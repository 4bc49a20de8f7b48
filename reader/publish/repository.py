"""Build and sign an edition as a TUF repository of plain static files.

Layout of OUT_DIR (any static web server can host it):

    metadata/N.root.json             every root, kept for ever
    metadata/timestamp.json          re-signed on every publish
    metadata/N.snapshot.json         consistent snapshots: nothing is overwritten
    metadata/N.targets.json          delegates all content to hash bins
    metadata/N.bin-XX.json           the content files, a few per bin
    targets/<dir>/<sha256>.<name>    each content file stored as-is

The content is spread over hash-bin delegations (TUF's succinct roles) so that
one changed chapter re-signs and re-downloads one small bin, not a listing of
every chapter. Versions of everything but root derive from the publish time, so
a repository rebuilt from scratch on a new server never goes backwards for a
reader that already holds an edition.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from tuf.api.metadata import (
    Delegations,
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    SuccinctRoles,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from reader.core.atomic import write_bytes
from reader.core.errors import ReaderError

LIFETIME = {
    "root": dt.timedelta(days=5 * 365),
    "targets": dt.timedelta(weeks=12),
    "bins": dt.timedelta(weeks=12),
    "snapshot": dt.timedelta(weeks=4),
    "timestamp": dt.timedelta(days=7),
}
BIN_PREFIX = "bin"
_SERIALIZER = JSONSerializer(compact=False)


class PublishError(ReaderError):
    """The repository cannot be published as asked."""


@dataclass
class PublishResult:
    version: int
    targets_written: list[str]
    roles_signed: list[str]


def _bit_length(count: int) -> int:
    # About eight files a bin; at least eight bins.
    return max(3, math.ceil(math.log2(max(count, 1) / 8)) if count > 8 else 3)


class _Existing:
    """What an earlier publish left in OUT_DIR, if anything."""

    def __init__(self, out: Path):
        meta = out / "metadata"
        self.roots = sorted(meta.glob("*.root.json"), key=lambda p: int(p.name.split(".")[0])) if meta.is_dir() else []
        self.root = Metadata.from_file(str(self.roots[-1])) if self.roots else None
        self.timestamp = Metadata.from_file(str(meta / "timestamp.json")) if (meta / "timestamp.json").is_file() else None
        self.snapshot = self.targets = None
        self.bins: dict[str, Metadata] = {}
        if self.timestamp:
            self.snapshot = Metadata.from_file(str(meta / f"{self.timestamp.signed.snapshot_meta.version}.snapshot.json"))
            for name, mf in self.snapshot.signed.meta.items():
                md = Metadata.from_file(str(meta / f"{mf.version}.{name}"))
                role = name[: -len(".json")]
                if role == "targets":
                    self.targets = md
                else:
                    self.bins[role] = md


def publish(files: dict[str, bytes], out: Path, signers: dict, now: dt.datetime | None = None) -> PublishResult:
    """Publish `files` (path -> bytes) as the next version of the repository in `out`."""
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    try:
        old = _Existing(out)
    except (OSError, ValueError) as exc:
        raise PublishError(f"{out} holds a repository that cannot be read ({exc}); publish into an empty folder") from None
    version_floor = int(now.timestamp())

    def next_version(previous: Metadata | None) -> int:
        return max(version_floor, previous.signed.version + 1 if previous else 1)

    def due(previous: Metadata | None, role: str) -> bool:
        return previous is None or previous.signed.expires - now < LIFETIME[role] / 2

    signed: list[str] = []
    meta_dir = out / "metadata"

    # Root: made once; kept as long as it is signed by the keys in hand.
    keyids = {role: s.public_key.keyid for role, s in signers.items()}
    root = old.root
    if root is None:
        root = Metadata(Root(expires=now + LIFETIME["root"], consistent_snapshot=True))
        for role in ("root", "targets", "snapshot", "timestamp"):
            root.signed.add_key(signers[role].public_key, role)
        root.sign(signers["root"])
        write_bytes(meta_dir / "1.root.json", root.to_bytes(_SERIALIZER))
        signed.append("root")
    else:
        for role in ("root", "targets", "snapshot", "timestamp"):
            if keyids[role] not in root.signed.roles[role].keyids:
                raise PublishError(
                    f"the {role} key given is not the one {out} trusts: publish with the repository's own keys"
                )
        if due(root, "root"):
            root.signed.version += 1
            root.signed.expires = now + LIFETIME["root"]
            root.signatures.clear()
            root.sign(signers["root"])
            write_bytes(meta_dir / f"{root.signed.version}.root.json", root.to_bytes(_SERIALIZER))
            signed.append("root")

    # Content files: stored once under their hash, never overwritten.
    written = []
    target_files = {}
    for path, data in sorted(files.items()):
        tf = TargetFile.from_data(path, data, ["sha256"])
        target_files[path] = tf
        folder, _, name = path.rpartition("/")
        stored = out / "targets" / folder / f"{tf.hashes['sha256']}.{name}"
        if not stored.exists():
            write_bytes(stored, data)
            written.append(path)

    # Hash bins.
    old_bits = old.targets.signed.delegations.succinct_roles.bit_length if old.targets else None
    bits = old_bits if old_bits and len(files) / 2**old_bits <= 32 else _bit_length(len(files))
    succinct = SuccinctRoles([keyids["bins"]], 1, bits, BIN_PREFIX)
    by_bin: dict[str, dict[str, TargetFile]] = {name: {} for name in succinct.get_roles()}
    for path, tf in target_files.items():
        by_bin[succinct.get_role_for_target(path)][path] = tf

    bins: dict[str, Metadata] = {}
    for name, contents in by_bin.items():
        previous = old.bins.get(name) if bits == old_bits else None
        if previous is not None and previous.signed.targets == contents and not due(previous, "bins"):
            bins[name] = previous
            continue
        md = Metadata(Targets(version=next_version(previous), expires=now + LIFETIME["bins"], targets=contents))
        md.sign(signers["bins"])
        write_bytes(meta_dir / f"{md.signed.version}.{name}.json", md.to_bytes(_SERIALIZER))
        bins[name] = md
        signed.append(name)

    targets = old.targets
    if targets is None or bits != old_bits or due(targets, "targets") or keyids["bins"] not in targets.signed.delegations.keys:
        delegations = Delegations(keys={keyids["bins"]: signers["bins"].public_key}, succinct_roles=succinct)
        targets = Metadata(Targets(version=next_version(targets), expires=now + LIFETIME["targets"], delegations=delegations))
        targets.sign(signers["targets"])
        write_bytes(meta_dir / f"{targets.signed.version}.targets.json", targets.to_bytes(_SERIALIZER))
        signed.append("targets")

    meta = {"targets.json": MetaFile(targets.signed.version)}
    meta.update({f"{name}.json": MetaFile(md.signed.version) for name, md in bins.items()})
    snapshot = old.snapshot
    if snapshot is None or snapshot.signed.meta != meta or due(snapshot, "snapshot"):
        snapshot = Metadata(Snapshot(version=next_version(snapshot), expires=now + LIFETIME["snapshot"], meta=meta))
        snapshot.sign(signers["snapshot"])
        write_bytes(meta_dir / f"{snapshot.signed.version}.snapshot.json", snapshot.to_bytes(_SERIALIZER))
        signed.append("snapshot")

    # The timestamp goes last, on every publish: it is what makes the rest visible.
    timestamp = Metadata(
        Timestamp(
            version=next_version(old.timestamp),
            expires=now + LIFETIME["timestamp"],
            snapshot_meta=MetaFile(snapshot.signed.version),
        )
    )
    timestamp.sign(signers["timestamp"])
    write_bytes(meta_dir / "timestamp.json", timestamp.to_bytes(_SERIALIZER))
    signed.append("timestamp")
    return PublishResult(timestamp.signed.version, written, signed)
