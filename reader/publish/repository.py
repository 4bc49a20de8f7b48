"""Build and sign an edition as a TUF repository of plain static files.

Layout of OUT_DIR (any static web server can host it):

    metadata/N.root.json             every root, kept for ever
    metadata/timestamp.json          re-signed on every publish
    metadata/N.snapshot.json         consistent snapshots: nothing is overwritten
    metadata/N.targets.json          delegates all content to hash bins, or, where the region
                                     delegates partnerships their own Level C, to those
                                     partnerships' roles and then to shared
    metadata/N.partnership-S.json    partnership S's Level C files, signed by S's own key
    metadata/N.shared.json           delegates everything else to the hash bins (targets key)
    metadata/N.bin-XX.json           the content files, a few per bin
    targets/<dir>/<sha256>.<name>    each content file stored as-is

The content is spread over hash-bin delegations (TUF's succinct roles) so that
one changed chapter re-signs and re-downloads one small bin, not a listing of
every chapter. Versions of everything but root derive from the publish time, so
a repository rebuilt from scratch on a new server never goes backwards for a
reader that already holds an edition.

Keys: the routine publish (new content, or the daily re-sign) signs only with
the online keys, timestamp, snapshot and bins. The offline keys sign only their
own changes: root a new root version (rotation, or re-signing before it
expires), targets a new targets.json (a new bins key, a new number of bins,
a partnership delegated or its key changed, or re-signing before it expires).
A partnership's role is signed by that partnership's key: here, where the key
is among those given, else by the partnership itself (`reader-publish
partnership sign`), whose signed role the publish takes as it is, after
checking its signature and that it lists exactly the content's files of that
partnership and nothing else (reader.core.trust.partnerships). Every key a publish needs is asked for, by
name and with the reason, before the first file is written, so a refused
publish leaves OUT_DIR as it was.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from tuf.api.exceptions import LengthOrHashMismatchError
from tuf.api.metadata import (
    DelegatedRole,
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
from reader.core.trust import partnerships as layer
from reader.core.trust.layout import is_edition_path
from reader.publish.keys import ONLINE, MissingKey

LIFETIME = {
    "root": dt.timedelta(days=5 * 365),
    "targets": dt.timedelta(weeks=12),
    "bins": dt.timedelta(weeks=12),
    "partnership": dt.timedelta(weeks=12),
    "snapshot": dt.timedelta(weeks=4),
    "timestamp": dt.timedelta(days=7),
}
BIN_PREFIX = "bin"
# Bins are renewed at half their life. Signed all at once, they would all fall due on the
# same day, and that day every laptop would fetch every bin (2,053 requests and 3.1 MB a
# laptop at 10,000 chapters). So each bin's expiry is set on a grid of its own: the bins
# fall into RENEWAL_SLOTS groups, one a week, and a publish re-signs only the group due.
RENEWAL_SLOTS = 6
_SERIALIZER = JSONSerializer(compact=False)


class PublishError(ReaderError):
    """The repository cannot be published as asked."""


@dataclass
class PublishResult:
    version: int
    targets_written: list[str]
    roles_signed: list[str]
    warnings: list[str] = field(default_factory=list)  # e.g. an offline role nearing expiry


def bin_expiry(name: str, now: dt.datetime) -> dt.datetime:
    """When bin `name`, signed `now`, expires: the latest time no later than a full lifetime
    away that lies on its renewal slot's grid (one point every half lifetime, offset by slot).

    It is then more than half a lifetime away, so the bin is not due again at once, and it
    falls due (expiry - half its lifetime) on its slot's grid point: bins of different
    slots are renewed in different weeks, whenever each was last signed, and a bin
    re-signed for a change of content keeps its slot. `expiries` and `check` see no
    bin expire sooner than half a lifetime after a publish.
    """
    period = int((LIFETIME["bins"] / 2).total_seconds())
    slot = int(name.rsplit("-", 1)[-1], 16) % RENEWAL_SLOTS
    phase = period * slot // RENEWAL_SLOTS
    latest = int((now + LIFETIME["bins"]).timestamp())
    return dt.datetime.fromtimestamp((latest - phase) // period * period + phase, dt.timezone.utc)


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
        self.snapshot = self.targets = self.shared = None
        self.bins: dict[str, Metadata] = {}
        self.partnerships: dict[str, Metadata] = {}  # slug -> its role as the snapshot names it
        if self.timestamp:
            self.snapshot = Metadata.from_file(str(meta / f"{self.timestamp.signed.snapshot_meta.version}.snapshot.json"))
            for name, mf in self.snapshot.signed.meta.items():
                md = Metadata.from_file(str(meta / f"{mf.version}.{name}"))
                role = name[: -len(".json")]
                if role == "targets":
                    self.targets = md
                elif role == layer.SHARED:
                    self.shared = md
                elif layer.slug_of(role):
                    self.partnerships[layer.slug_of(role)] = md
                else:
                    self.bins[role] = md

    @property
    def bins_delegator(self) -> Metadata | None:
        """The role that delegates to the hash bins: shared where partnerships are delegated, else targets."""
        return self.shared or self.targets

    def delegated(self) -> dict[str, object]:
        """slug -> the key the published targets.json delegates that partnership's Level C to."""
        delegations = self.targets.signed.delegations if self.targets else None
        if delegations is None or delegations.roles is None:
            return {}
        return {layer.slug_of(name): delegations.keys[role.keyids[0]]
                for name, role in delegations.roles.items() if layer.slug_of(name)}


def _read_existing(out: Path) -> _Existing:
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file, not a folder: give the repository's folder (or a new one)")
    try:
        return _Existing(out)
    except Exception as exc:  # noqa: BLE001 - a damaged file fails in many ways (JSON, storage, fields); each means the same
        raise PublishError(f"{out} holds a repository that cannot be read ({type(exc).__name__}: {exc}); "
                           "publish into an empty folder, or restore it from a copy") from None


def _check_paths(files) -> None:
    # The reader refuses any other name whoever signed it; refusing here says so to the
    # one person who can fix it, before a signature is spent on it.
    bad = sorted(p for p in files if not is_edition_path(p))
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise PublishError(
            f"{bad[0]!r}{more} is not a file an edition may hold (see the edition layout, "
            "reader/core/trust/layout.py): readers would refuse the edition; nothing was published"
        )


def expiries(out: Path) -> list[tuple[str, dt.datetime]]:
    """When each role's metadata the repository serves now expires: root, targets, snapshot,
    timestamp, and bins (the earliest of the hash bins, which readers need all of)."""
    old = _read_existing(out)
    if old.timestamp is None or old.root is None:
        raise PublishError(f"{out} holds no published edition (no metadata/timestamp.json): nothing to check")
    found = [(role, md.signed.expires) for role, md in
             (("root", old.root), ("targets", old.targets), ("snapshot", old.snapshot), ("timestamp", old.timestamp))]
    if old.shared:
        found.append((layer.SHARED, old.shared.signed.expires))
    if old.bins:
        found.append(("bins", min(md.signed.expires for md in old.bins.values())))
    found.extend((layer.role_name(slug), md.signed.expires) for slug, md in sorted(old.partnerships.items()))
    return found


def repository_files(out: Path) -> dict[str, bytes]:
    """The content files of the newest edition in `out`, read back from targets/."""
    old = _read_existing(out)
    if old.targets is None:
        raise PublishError(f"{out} holds no published edition: publish one first")
    files = {}
    for md in [*old.bins.values(), *old.partnerships.values()]:
        for path, tf in md.signed.targets.items():
            folder, _, name = path.rpartition("/")
            stored = out / "targets" / folder / f"{tf.hashes['sha256']}.{name}"
            try:
                data = stored.read_bytes()
                tf.verify_length_and_hashes(data)
            except OSError:
                raise PublishError(f"{stored} is missing or unreadable: the repository is damaged") from None
            except LengthOrHashMismatchError:
                raise PublishError(f"{stored} differs from its signed hash: the repository is damaged") from None
            files[path] = data
    return files


TOP_LEVEL = ("root", "targets", "snapshot", "timestamp")  # the roles root names


class _Keys:
    """The keys at hand for one publish, and when each is due, decided before anything is written."""

    def __init__(self, signers, now: dt.datetime, rotate: tuple[str, object] | None):
        self.given = signers  # as read from the key folders
        self.now = now
        self.rotating = rotate[0] if rotate else None
        self.signing = dict(signers)  # what this publish signs with: the new key in place of the rotated
        if rotate:
            self.signing[self.rotating] = rotate[1]
        self.edition_expires = now + LIFETIME["timestamp"]
        self.warnings: list[str] = []

    def need(self, role: str, why: str):
        if role in self.given:
            return self.given[role]
        raise MissingKey(role, why, getattr(self.given, "folders", ()))

    def keyid(self, role: str) -> str:
        return self.signing[role].public_key.keyid

    def due(self, previous: Metadata | None, role: str) -> bool:
        return previous is None or previous.signed.expires - self.now < LIFETIME[role] / 2

    def offline_due(self, previous: Metadata, role: str, what: str) -> bool:
        """Re-sign an offline role at half its lifetime if its key is here. Without
        the key the routine publish goes on, warning, until the role would expire
        before the edition it signs: only then is the key needed."""
        if not self.due(previous, role) or role in self.signing:
            return self.due(previous, role)
        expires = f"{previous.signed.expires:%Y-%m-%d}"
        if previous.signed.expires <= self.edition_expires:
            self.need(role, f"{what} expires on {expires}, before the edition this publish signs "
                            f"would: only the {role} key can re-sign it")
        self.warnings.append(f"{what} expires on {expires}: publish once with the {role} key before then "
                             "to re-sign it, or readers will refuse updates")
        return False


class _Publication:
    """One publish into OUT_DIR, in the shape of python-tuf's `Repository`: one step per role.

    Everything is decided when it is made, and every missing key reported, before
    a file is written: the steps then only sign and store. Each `do_` step makes
    one role's new metadata (or keeps the published one) for the steps after it,
    in an order where no file is named before it is on disk: content, bins,
    targets, snapshot, root, timestamp; the partnerships' roles come just before
    the bins.
    """

    def __init__(self, files: dict[str, bytes], out: Path, signers, now: dt.datetime,
                 rotate: tuple[str, object] | None, staged: dict[str, Metadata] | None = None):
        _check_paths(files)
        self.files, self.out, self.now = files, out, now
        self.old = _read_existing(out)
        self.keys = _Keys(signers, now, rotate)
        for role in ONLINE:
            if role != self.keys.rotating:
                self.keys.need(role, f"the {role} key signs every publish")
        self.root, self.root_signers = self._next_root()
        self.version_floor = int(now.timestamp())
        self.target_files = {path: TargetFile.from_data(path, data, ["sha256"]) for path, data in sorted(files.items())}
        self.delegation = self._partnership_keys()  # slug -> the public key its Level C is delegated to
        self.partnership_signed: dict[str, Metadata] = {}  # slug -> its role as signed elsewhere, taken as it is
        self._decide_partnerships(staged or {})
        self.slugs = layer.ordered(self.delegation)
        self._check_scopes()
        shared_count = sum(1 for path in files if layer.owner(path, self.slugs) is None)
        delegator = self.old.bins_delegator
        self.old_bits = delegator.signed.delegations.succinct_roles.bit_length if delegator else None
        keep_bits = self.old_bits and shared_count / 2**self.old_bits <= 32
        self.bits = self.old_bits if keep_bits else _bit_length(shared_count)
        self.resign_targets = self._targets_must_change()
        self.succinct = SuccinctRoles([self.keys.keyid("bins")], 1, self.bits, BIN_PREFIX)
        self.written: list[str] = []
        self.signed: list[str] = []
        self.bins: dict[str, Metadata] = {}
        self.partnership_roles: dict[str, Metadata] = {}
        self.targets = self.old.targets
        self.shared = self.old.shared
        self.snapshot = self.old.snapshot
        self.timestamp = self.old.timestamp

    # -- deciding (nothing is written) ----------------------------------------------

    def _next_root(self) -> tuple[Metadata, list]:
        """The root to publish, and who must sign it (nobody: the published one stands)."""
        keys, out, root = self.keys, self.out, self.old.root
        if root is None:
            if keys.rotating:
                raise PublishError(f"{out} holds no repository yet: publish an edition first, then rotate its keys")
            keys.need("root", f"the first publish into {out} makes its root, which the root key signs")
            keys.need("targets", f"the first publish into {out} makes its targets.json, which the targets key signs")
            root = Metadata(Root(expires=keys.now + LIFETIME["root"], consistent_snapshot=True))
            for role in TOP_LEVEL:
                root.signed.add_key(keys.signing[role].public_key, role)
            return root, [keys.signing["root"]]
        for role in TOP_LEVEL:
            if role in keys.given and keys.given[role].public_key.keyid not in root.signed.roles[role].keyids:
                raise PublishError(f"the {role} key given is not the one {out} trusts: "
                                   "publish with the repository's own keys")
        if keys.rotating in TOP_LEVEL:
            old_root = keys.need("root", f"a new root version must name the new {keys.rotating} key, "
                                         "and only the (current) root key can sign it")
            for keyid in list(root.signed.roles[keys.rotating].keyids):
                root.signed.revoke_key(keyid, keys.rotating)
            root.signed.add_key(keys.signing[keys.rotating].public_key, keys.rotating)
            # TUF trusts a new root signed by the keys of the old one and by its own.
            signers = [old_root, keys.signing["root"]] if keys.rotating == "root" else [old_root]
        elif keys.offline_due(root, "root", f"root version {root.signed.version}"):
            signers = [keys.signing["root"]]
        else:
            return root, []
        root.signed.version += 1
        root.signed.expires = keys.now + LIFETIME["root"]
        return root, signers

    def _partnership_keys(self) -> dict[str, object]:
        """The partnerships whose Level C is delegated to their own key, and those keys: every one
        the published targets.json delegates (a delegation is never dropped by leaving a key out),
        and every one whose .pub the key folders give, which wins. A .pem never delegates by
        itself (reader.publish.keys): one for a partnership not delegated is left unused, said."""
        keys = self.keys
        configured = dict(getattr(keys.given, "partnerships", {}))
        if layer.slug_of(keys.rotating or ""):  # its new key, which this publish delegates to
            configured[layer.slug_of(keys.rotating)] = keys.signing[keys.rotating].public_key
        delegated = {**self.old.delegated(), **configured}
        files = getattr(keys.given, "files", {})
        for role in sorted(r for r in keys.signing if layer.slug_of(r) and layer.slug_of(r) not in delegated):
            slug, where = layer.slug_of(role), files.get(role, f"{role}.pem")
            keys.warnings.append(f"{where} is not used: {slug}'s Level C is not delegated to its own key, and a "
                                 f".pem does not delegate it; to delegate it, put {role}.pub in the region's key "
                                 f"folder (else move {role}.pem out of it: it is {slug}'s private key)")
            del keys.signing[role]
        boards = _board_slugs(self.files)
        for slug in sorted(configured):
            if slug not in boards:
                raise PublishError(f"the keys given delegate partnership {slug!r}, which boards.toml does not name: "
                                   f"remove partnership-{slug}.pub (or .pem) from the key folder, or add the board; "
                                   "nothing was published")
        return delegated

    def _decide_partnerships(self, staged: dict[str, Metadata]) -> None:
        """Who signs each delegated partnership's role this time: its key, if here; else the role it
        signed itself (staged by `reader-publish partnership sign`, or the published one), checked
        and taken as it is. Refused, nothing written, where neither can be had."""
        for slug in sorted(set(staged) - set(self.delegation)):
            raise PublishError(f"a role signed by partnership {slug} was given, but its Level C is not delegated to "
                               f"its key: put partnership-{slug}.pub in the region's key folder first")
        slugs = layer.ordered(self.delegation)
        for slug in list(slugs):
            role = layer.role_name(slug)
            mine = self._files_of(slug, slugs)
            published = self.old.partnerships.get(slug)
            if role in self.keys.signing:
                if self.keys.signing[role].public_key.keyid != self.delegation[slug].keyid:
                    raise PublishError(f"the {role} key given is not the one partnership {slug}'s Level C is "
                                       f"delegated to ({role}.pub): keep the .pub of the key {slug} signs with")
                continue  # signed here, in do_partnerships
            if slug in staged:
                md = staged[slug]
                self._check_signed(slug, md, mine, slugs, f"the role partnership {slug} signed")
                if (published is not None and md.signed.version <= published.signed.version
                        and md.signed_bytes != published.signed_bytes):
                    raise PublishError(f"the role partnership {slug} signed (version {md.signed.version}) is not newer "
                                       f"than the one {self.out} serves ({published.signed.version}): have {slug} sign "
                                       "again; nothing was published")
                self.partnership_signed[slug] = md
            elif published is not None:
                self._check_signed(slug, published, mine, slugs, f"the role partnership {slug} last signed")
                self._partnership_due(slug, published)
                self.partnership_signed[slug] = published
            elif not mine:
                del self.delegation[slug]  # nothing of its own yet: its role comes with its first chapter
            else:
                raise PublishError(
                    f"partnership {slug}'s Level C ({len(mine)} file(s), first {min(mine)}) is delegated to its own key "
                    f"and only {slug} can sign it: give the role it signed (`reader-publish partnership sign {slug} "
                    f"CONTENT STAGING`, then --partnership STAGING) or its key ({role}.pem); nothing was published")

    def _files_of(self, slug: str, slugs) -> dict[str, bytes]:
        return {path: data for path, data in self.files.items() if layer.owner(path, slugs) == slug}

    def _check_signed(self, slug: str, md: Metadata, mine: dict[str, bytes], slugs, what: str) -> None:
        """PublishError unless `md` is signed by the key `slug` is delegated to, lists only `slug`'s own
        files, exactly the content's, and outlasts the edition: what readers would refuse, refused here."""
        key, role = self.delegation[slug], layer.role_name(slug)
        try:
            if md.signed.type != Targets.type or md.signed.delegations is not None:
                raise ValueError("not a listing of files")
            key.verify_signature(md.signatures[key.keyid], md.signed_bytes)
        except Exception:  # noqa: BLE001 - missing, malformed or wrong: all mean not signed by that key
            raise PublishError(f"{what} is not signed by the key its Level C is delegated to ({role}.pub): "
                               f"have {slug} sign it again with its own key; nothing was published") from None
        for path in sorted(md.signed.targets):
            why = layer.refusal(path, role, slugs) if is_edition_path(path) else f"{path!r} is not a file an edition may hold"
            if why:
                raise PublishError(f"{what} cannot be published: {why}; nothing was published")
        ours = {path: TargetFile.from_data(path, data, ["sha256"]) for path, data in mine.items()}
        differ = sorted(set(ours) ^ set(md.signed.targets) | {p for p in ours if md.signed.targets.get(p, ours[p]) != ours[p]})
        if differ:
            raise PublishError(f"{what} differs from the content's Level C of {slug} ({differ[0]}"
                               f"{f' and {len(differ) - 1} more' if len(differ) > 1 else ''}): publish the content {slug} "
                               f"signed, or have {slug} sign this content (reader-publish partnership sign {slug} ...); "
                               "nothing was published")
        if md.signed.expires <= self.keys.edition_expires:
            raise PublishError(f"{what} expires on {md.signed.expires:%Y-%m-%d}, before the edition this publish signs "
                               f"would: have {slug} sign again; nothing was published")

    def _partnership_due(self, slug: str, md: Metadata) -> None:
        if self.keys.due(md, "partnership"):
            self.keys.warnings.append(f"partnership {slug}'s signed role expires on {md.signed.expires:%Y-%m-%d}: "
                                      f"{slug} must sign again before then (reader-publish partnership sign {slug} ...), "
                                      "or readers will refuse updates")

    def _check_scopes(self) -> None:
        """Every chapter's front matter agrees with who signs it, as readers check (check_scope)."""
        if not self.slugs:
            return
        from reader.core.content import chapter_level_and_scope
        from reader.core.errors import ContentError

        for path, data in sorted(self.files.items()):
            if not path.startswith("chapters/"):
                continue
            try:
                level, scope = chapter_level_and_scope(path, data)
            except ContentError as exc:
                raise PublishError(f"{exc}; nothing was published") from None
            why = layer.check_scope(path, level, scope, layer.owner(path, self.slugs), self.slugs)
            if why:
                raise PublishError(f"{why}; readers would refuse the edition, so nothing was published")

    def _targets_must_change(self) -> bool:
        """Whether targets.json is re-signed; the targets key is needed only when it is."""
        keys, out, old_targets = self.keys, self.out, self.old.targets
        if old_targets is None:
            return True  # its key was asked for with the first root
        delegator = self.old.bins_delegator
        if "bins" in keys.given and keys.given["bins"].public_key.keyid not in delegator.signed.delegations.keys:
            raise PublishError(f"the bins key given is not the one {out}'s targets.json trusts: publish with the "
                               "repository's bins key (to change it, `reader-publish keys rotate bins`)")
        if keys.rotating == "targets":
            return True  # signed anew with the new key
        published = {slug: key.keyid for slug, key in self.old.delegated().items()}
        wanted = {slug: self.delegation[slug].keyid for slug in self.slugs}
        if published != wanted or bool(self.slugs) != (self.old.shared is not None):
            new = sorted(set(wanted) - set(published))
            what = (f"delegating partnership {', '.join(new)} its own Level C" if new
                    else f"a new key for partnership {', '.join(s for s in wanted if wanted[s] != published.get(s))}")
            return bool(keys.need("targets", f"{what} changes targets.json, which only the targets key signs"))
        if keys.rotating == "bins":
            return bool(keys.need("targets", "a new bins key must be delegated to by targets.json, "
                                             "which only the targets key signs"))
        if self.bits != self.old_bits:
            return bool(keys.need("targets", f"the edition now has {len(self.files)} files, too many for its "
                                             f"{2**self.old_bits} bins: dividing them into more bins changes "
                                             "targets.json, which only the targets key signs"))
        due = keys.offline_due(old_targets, "targets", "targets.json")
        return (self.old.shared is not None and keys.offline_due(self.old.shared, "targets", "shared.json")) or due

    def _next_version(self, previous: Metadata | None) -> int:
        return max(self.version_floor, previous.signed.version + 1 if previous else 1)

    def _store(self, md: Metadata, name: str, *signers) -> Metadata:
        md.signatures.clear()
        for signer in signers:
            md.sign(signer, append=True)
        write_bytes(self.out / "metadata" / name, md.to_bytes(_SERIALIZER))
        return md

    # -- the steps -------------------------------------------------------------------

    def do_content(self) -> None:
        """Each content file stored once under its hash, never overwritten."""
        for path, tf in self.target_files.items():
            folder, _, name = path.rpartition("/")
            stored = self.out / "targets" / folder / f"{tf.hashes['sha256']}.{name}"
            if not stored.exists():
                write_bytes(stored, self.files[path])
                self.written.append(path)

    def do_partnerships(self) -> None:
        """Each delegated partnership's role: as that partnership signed it, or signed here with its key
        if its files changed, it is past half its life, or the key is new."""
        keys = self.keys
        for slug in self.slugs:
            role, previous = layer.role_name(slug), self.old.partnerships.get(slug)
            if slug in self.partnership_signed:
                md = self.partnership_signed[slug]
                if previous is None or md.signed_bytes != previous.signed_bytes:
                    write_bytes(self.out / "metadata" / f"{md.signed.version}.{role}.json", md.to_bytes(_SERIALIZER))
                    self.signed.append(role)
                self.partnership_roles[slug] = md
                continue
            contents = {path: tf for path, tf in self.target_files.items() if layer.owner(path, self.slugs) == slug}
            unchanged = (previous is not None and previous.signed.targets == contents
                         and keys.keyid(role) in previous.signatures)
            if unchanged and not keys.due(previous, "partnership") and keys.rotating != role:
                self.partnership_roles[slug] = previous
                continue
            md = Metadata(Targets(version=self._next_version(previous), expires=self.now + LIFETIME["partnership"],
                                  targets=contents))
            self.partnership_roles[slug] = self._store(md, f"{md.signed.version}.{role}.json", keys.signing[role])
            self.signed.append(role)

    def do_bins(self) -> None:
        """Each hash bin re-signed if its files changed, it is past half its life, or its key is new."""
        keys = self.keys
        by_bin: dict[str, dict[str, TargetFile]] = {name: {} for name in self.succinct.get_roles()}
        for path, tf in self.target_files.items():
            if layer.owner(path, self.slugs) is None:  # a delegated partnership's files are in its own role
                by_bin[self.succinct.get_role_for_target(path)][path] = tf
        for name, contents in by_bin.items():
            previous = self.old.bins.get(name) if self.bits == self.old_bits else None
            unchanged = previous is not None and previous.signed.targets == contents
            if unchanged and not keys.due(previous, "bins") and keys.rotating != "bins":
                self.bins[name] = previous
                continue
            md = Metadata(Targets(version=self._next_version(previous), expires=bin_expiry(name, self.now),
                                  targets=contents))
            self.bins[name] = self._store(md, f"{md.signed.version}.{name}.json", keys.signing["bins"])
            self.signed.append(name)

    def do_targets(self) -> None:
        """targets.json, when it was decided it must change: delegating to the bins, or, where
        partnerships are delegated, to each partnership's role and then to shared.json (which
        delegates to the bins; signed by the targets key too, and with it)."""
        if not self.resign_targets:
            return
        keys = self.keys
        bins = Delegations(keys={keys.keyid("bins"): keys.signing["bins"].public_key}, succinct_roles=self.succinct)
        delegations = bins
        if self.slugs:
            shared = Metadata(Targets(version=self._next_version(self.shared), expires=self.now + LIFETIME["targets"],
                                      delegations=bins))
            self.shared = self._store(shared, f"{shared.signed.version}.{layer.SHARED}.json", keys.signing["targets"])
            self.signed.append(layer.SHARED)
            delegated = {keys.keyid("targets"): keys.signing["targets"].public_key}
            roles = {}
            for slug in self.slugs:  # longest first: a TUF client takes the first terminating role that matches
                key, name = self.delegation[slug], layer.role_name(slug)
                delegated[key.keyid] = key
                roles[name] = DelegatedRole(name, [key.keyid], 1, True, paths=layer.paths_for(slug))
            roles[layer.SHARED] = DelegatedRole(layer.SHARED, [keys.keyid("targets")], 1, False,
                                                paths=list(layer.SHARED_PATHS))
            delegations = Delegations(keys=delegated, roles=roles)
        md = Metadata(Targets(version=self._next_version(self.targets), expires=self.now + LIFETIME["targets"],
                              delegations=delegations))
        self.targets = self._store(md, f"{md.signed.version}.targets.json", keys.signing["targets"])
        self.signed.append("targets")

    def do_snapshot(self) -> None:
        """A new snapshot if any version it lists moved, it is past half its life, or its key is new."""
        meta = {"targets.json": MetaFile(self.targets.signed.version)}
        if self.slugs:
            meta[f"{layer.SHARED}.json"] = MetaFile(self.shared.signed.version)
        meta.update({f"{layer.role_name(slug)}.json": MetaFile(md.signed.version)
                     for slug, md in sorted(self.partnership_roles.items())})
        meta.update({f"{name}.json": MetaFile(md.signed.version) for name, md in self.bins.items()})
        previous = self.snapshot
        if (previous is not None and previous.signed.meta == meta and not self.keys.due(previous, "snapshot")
                and self.keys.rotating != "snapshot"):
            return
        md = Metadata(Snapshot(version=self._next_version(previous), expires=self.now + LIFETIME["snapshot"],
                               meta=meta))
        self.snapshot = self._store(md, f"{md.signed.version}.snapshot.json", self.keys.signing["snapshot"])
        self.signed.append("snapshot")

    def do_root(self) -> None:
        """A new root version, if one was decided on, signed by everyone it needs."""
        # It goes just before the timestamp: readers fetch roots first, so the time it
        # names keys that the rest does not yet use is as short as can be.
        if not self.root_signers:
            return
        self._store(self.root, f"{self.root.signed.version}.root.json", *self.root_signers)
        self.signed.append("root")

    def do_timestamp(self) -> None:
        """The timestamp, on every publish, last: it is what makes the rest visible."""
        md = Metadata(Timestamp(version=self._next_version(self.timestamp), expires=self.keys.edition_expires,
                                snapshot_meta=MetaFile(self.snapshot.signed.version)))
        self.timestamp = self._store(md, "timestamp.json", self.keys.signing["timestamp"])
        self.signed.append("timestamp")

    def run(self) -> PublishResult:
        self.do_content()
        self.do_partnerships()
        self.do_bins()
        self.do_targets()
        self.do_snapshot()
        self.do_root()
        self.do_timestamp()
        return PublishResult(self.timestamp.signed.version, self.written, self.signed, self.keys.warnings)


def _board_slugs(files: dict[str, bytes]) -> set[str]:
    import tomllib

    try:
        boards = tomllib.loads(files["boards.toml"].decode("utf-8")).get("board", [])
        return {b["slug"] for b in boards if isinstance(b, dict) and isinstance(b.get("slug"), str)}
    except (KeyError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError):
        return set()


def publish(files: dict[str, bytes], out: Path, signers, now: dt.datetime | None = None,
            rotate: tuple[str, object] | None = None, staged: dict[str, Metadata] | None = None) -> PublishResult:
    """Publish `files` (path -> bytes) as the next version of the repository in `out`.

    `signers` maps role -> signer for the keys at hand (a KeySet, or any dict):
    the online keys always, root and targets only when their metadata must
    change. `rotate` = (role, new signer) replaces that role's key: a new root
    version names it (signed by the old and the new root key when it is root's
    own), or, for bins, a new targets.json delegates to it. Everything is
    decided, and every missing key reported, before the first file is written.
    `staged` maps a partnership's slug to the role it signed itself (read_staged):
    taken as it is once checked, so the region never needs that partnership's key.
    """
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    return _Publication(files, out, signers, now, rotate, staged).run()
