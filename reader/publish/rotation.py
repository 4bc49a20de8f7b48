"""Key rotation: replace one role's key and re-sign the repository to trust the new one.

A key is rotated when it may have leaked, when its holder leaves, or on a
schedule. Readers follow a rotation on their next sync, because every change of
trust is itself signed by a key they already trust:

- root, targets, snapshot, timestamp: a new root version names the new key. It
  is signed by the current root key, and for root's own rotation also by the new
  one, so that a reader holding the old root accepts it (TUF's rule).
- bins: a new targets.json delegates to the new key (signed by the targets
  key), and every bin is re-signed with it.

The rotated role's metadata is then re-signed with the new key and the
repository's current content published again, so the repository is never left
naming a key that nothing is signed with.

The new key is written (as ROLE.pem.new) before the repository names it, so a
crash can never leave a repository trusting a key that is nowhere on disk; the
old key is moved aside, never deleted, only after the repository is written.

A partnership's key (partnership-SLUG) is rotated by a hand-over, because its
private key never leaves the partnership:

1. the partnership makes a new key pair (`reader-publish keys init-partnership
   SLUG NEW_DIR`) and signs its Level C as published with it (`reader-publish
   partnership sign SLUG CONTENT STAGING --keys NEW_DIR`);
2. the region, with the targets key, re-delegates (`reader-publish keys rotate
   partnership-SLUG OUT_DIR --keys ... --new-key NEW_DIR/partnership-SLUG.pub
   --partnership STAGING`): a new targets.json names the new key, and the role
   the new key signed replaces the old one in the same publish, so there is no
   moment when the repository delegates to a key nothing is signed with. The
   old .pub is moved to retired/ and the new one put in its place.

Where the region holds the partnership's .pem (it signs for the partnership),
`keys rotate partnership-SLUG OUT_DIR --keys ...` makes the new key itself, as
for the region's own roles. Either way only a partnership already delegated
is rotated: delegating one is putting its .pub in the key folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reader.core.atomic import write_bytes
from reader.core.errors import ReaderError
from reader.core.trust import partnerships as layer
from reader.publish.keys import (DEV_KEYS, ROLES, KeySet, KeySetError, new_key, read_public_key, retire,
                                 retire_public, write_public)
from reader.publish.repository import PublishError, PublishResult, _board_slugs, _read_existing, publish, repository_files


@dataclass
class Rotation:
    role: str
    new_key: Path
    old_key: Path | None  # where the rotated-out key was kept; None if it was not given
    published: PublishResult


def rotate(role: str, out: Path, keys: KeySet, now: dt.datetime | None = None) -> Rotation:
    """Rotate `role`'s key in `keys` and re-sign the repository in `out` to trust the new key."""
    if layer.slug_of(role):
        return rotate_partnership(layer.slug_of(role), out, keys, now=now)
    if role not in ROLES:
        raise KeySetError(f"no role {role!r}: rotate one of {', '.join(ROLES)}, or partnership-SLUG")
    _not_the_development_keys(keys)
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    files = repository_files(out)  # the edition as published, re-signed unchanged
    signer, pending, result = _publish_with_new_key(role, out, keys, files, now,
                                                    "newest root (or targets.json, for bins)")
    final, kept = retire(keys, role, pending, now)
    return Rotation(role, final, kept, result)


def _publish_with_new_key(role: str, out: Path, keys: KeySet, files, now, names_it: str):
    """A new key for `role` made and the repository published trusting it: (signer, its pending file,
    the publish). Refused, nothing is kept; stopped part way, the new key is kept and the way on said."""
    signer, pending = new_key(keys, role)
    try:
        result = publish(files, out, keys, now=now, rotate=(role, signer))
    except ReaderError:
        # Refused before anything was written: the repository never named the new key.
        pending.unlink()
        raise
    except Exception:  # a disk error while writing: the repository may name the new key already
        raise KeySetError(
            f"the rotation stopped part way: the new {role} key is kept in {pending}. If {out}'s {names_it} "
            f"names it, rename it to {role}.pem; if not, remove it and run again"
        ) from None
    return signer, pending, result


def _not_the_development_keys(keys: KeySet) -> None:
    if any(folder.resolve() == DEV_KEYS.resolve() for folder in keys.folders):
        # They sign the bundled edition and every test: a new one would fail them all.
        raise KeySetError("the development keys are not rotated: rotate a key set of your own "
                          "(make one with `reader-publish keys init DIR`)")


def _delegated_key(slug: str, out: Path, files: dict[str, bytes]):
    """The key `out` delegates partnership `slug`'s Level C to now; PublishError if there is none."""
    if slug not in _board_slugs(files):
        raise PublishError(f"the edition {out} serves names no board {slug!r} (boards.toml): there is no "
                           f"partnership {slug} whose key could be rotated; nothing was changed")
    current = _read_existing(out).delegated().get(slug)
    if current is None:
        raise PublishError(f"{out} does not delegate partnership {slug}'s Level C to a key of its own, so there is "
                           f"no key of {slug}'s to rotate; to delegate it, put partnership-{slug}.pub in the region's "
                           "key folder and publish; nothing was changed")
    return current


def rotate_partnership(slug: str, out: Path, keys: KeySet, new_public: Path | None = None,
                       staging: list[Path] = (), now: dt.datetime | None = None) -> Rotation:
    """Re-delegate partnership `slug`'s Level C in `out` to a new key, and re-sign the repository.

    With `new_public` (the .pub the partnership made), the `staging` folders must
    hold the role the partnership signed with that key (`reader-publish
    partnership sign`; read after the key is checked); without it, the region
    holds the partnership's .pem and a new key is made here. Every wrong step is
    refused before anything is written."""
    role = layer.role_name(slug)
    _not_the_development_keys(keys)  # nor a .pub written among them, which every later publish would delegate to
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    files = repository_files(out)  # the edition as published, re-signed unchanged
    current = _delegated_key(slug, out, files)
    if new_public is None:
        if role not in keys:
            raise KeySetError(
                f"the region does not hold {role}.pem, so {slug} makes its new key: give --new-key with the .pub "
                f"of the key pair {slug} made (reader-publish keys init-partnership {slug} NEW_DIR) and --partnership "
                f"with the role {slug} signed with it (reader-publish partnership sign {slug} CONTENT STAGING "
                "--keys NEW_DIR)")
        if keys[role].public_key.keyid != current.keyid:
            raise KeySetError(f"{keys.files[role]} is not the key {out} delegates {slug}'s Level C to")
        return _rotate_held(slug, out, keys, files, now)
    return _rotate_handed_over(slug, out, keys, files, current, new_public, staging, now)


def _rotate_held(slug, out, keys, files, now) -> Rotation:
    """The region holds the partnership's .pem: the new key is made here, as for the region's own roles."""
    role = layer.role_name(slug)
    signer, pending, result = _publish_with_new_key(role, out, keys, files, now, "newest targets.json")
    public = keys.public_files.get(slug)
    if public:
        retire_public(public, now)
    final, kept = retire(keys, role, pending, now)
    # The .pub goes where the old one was (else beside the key): the folder keeps delegating to the
    # key that signs, and a later publish does not find a .pub and a .pem that disagree.
    write_public(public or final.with_suffix(".pub"), signer)
    return Rotation(role, final, kept, result)


def _rotate_handed_over(slug, out, keys, files, current, new_public: Path, staging, now) -> Rotation:
    """The partnership made its new key and signed with it: delegate to its .pub, publish its role."""
    role = layer.role_name(slug)
    named = layer.slug_of(new_public.name[: -len(".pub")]) if new_public.name.endswith(".pub") else None
    if named != slug:
        whose = f"is partnership {named}'s" if named else "is not a partnership's public key file (partnership-SLUG.pub)"
        raise KeySetError(f"{new_public} {whose}, not {slug}'s: give the {role}.pub {slug} made for its new key")
    new = read_public_key(new_public)
    if new.keyid == current.keyid:
        raise KeySetError(f"{new_public} is the key {out} delegates {slug}'s Level C to now (the old key): "
                          f"have {slug} make a new key pair (reader-publish keys init-partnership {slug} NEW_DIR), "
                          "sign with it, and give its .pub")
    from reader.publish.partnership import read_staged

    staged = read_staged(staging) if staging else {}
    signed = staged.get(slug)
    if signed is None:
        raise PublishError(f"the new key must sign {slug}'s Level C before {out} delegates to it: give --partnership "
                           f"with the role {slug} signed with its new key (reader-publish partnership sign {slug} "
                           "CONTENT STAGING --keys NEW_DIR); nothing was changed")
    if _signed_by(signed, current) and not _signed_by(signed, new):
        raise PublishError(f"the role {slug} signed is signed with its old key, which this rotation revokes: have "
                           f"{slug} sign again with its new key (reader-publish partnership sign {slug} CONTENT "
                           "STAGING --keys NEW_DIR); nothing was changed")
    # The keys this publish has: the partnership's old .pem (if the region held one) is left out,
    # and its Level C is delegated to the new .pub.
    given = KeySet({r: s for r, s in keys.items() if r != role}, keys.folders,
                   {r: p for r, p in keys.files.items() if r != role}, {**keys.partnerships, slug: new})
    old_public = keys.public_files.get(slug)
    pending = (old_public or keys.folders[0] / f"{role}.pub").with_name(f"{role}.pub.new")
    if pending.exists():
        raise KeySetError(f"{pending} is left from a rotation that did not finish: if {out}'s newest targets.json "
                          f"delegates {slug} to it, rename it to {role}.pub; if not, remove it; then run again")
    write_bytes(pending, new_public.read_bytes())  # on disk (flushed) before the repository names it
    try:
        result = publish(files, out, given, now=now, staged={**staged, slug: signed})
    except ReaderError:
        pending.unlink()
        raise
    except Exception:
        raise KeySetError(
            f"the rotation stopped part way: {slug}'s new public key is kept in {pending}. If {out}'s newest "
            f"targets.json delegates {slug} to it, rename it to {role}.pub; if not, remove it and run again") from None
    kept = retire_public(old_public, now) if old_public else None
    if role in keys.files:  # a .pem of the old key would disagree with the new .pub: kept aside too
        retire_public(keys.files[role], now)
    final = pending.with_name(f"{role}.pub")
    pending.replace(final)
    return Rotation(role, final, kept, result)


def _signed_by(md, key) -> bool:
    try:
        key.verify_signature(md.signatures[key.keyid], md.signed_bytes)
        return True
    except Exception:  # noqa: BLE001 - absent or wrong: not signed by it
        return False
