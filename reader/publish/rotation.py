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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ReaderError
from reader.publish.keys import DEV_KEYS, ROLES, KeySet, KeySetError, new_key, retire
from reader.publish.repository import PublishResult, publish, repository_files


@dataclass
class Rotation:
    role: str
    new_key: Path
    old_key: Path | None  # where the rotated-out key was kept; None if it was not given
    published: PublishResult


def rotate(role: str, out: Path, keys: KeySet, now: dt.datetime | None = None) -> Rotation:
    """Rotate `role`'s key in `keys` and re-sign the repository in `out` to trust the new key."""
    if role not in ROLES:
        raise KeySetError(f"no role {role!r}: rotate one of {', '.join(ROLES)}")
    if any(folder.resolve() == DEV_KEYS.resolve() for folder in keys.folders):
        # They sign the bundled edition and every test: a new one would fail them all.
        raise KeySetError("the development keys are not rotated: rotate a key set of your own "
                          "(make one with `reader-publish keys init DIR`)")
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    files = repository_files(out)  # the edition as published, re-signed unchanged
    signer, pending = new_key(keys, role)
    try:
        result = publish(files, out, keys, now=now, rotate=(role, signer))
    except ReaderError:
        # Refused before anything was written: the repository never named the new key.
        pending.unlink()
        raise
    except Exception:  # a disk error while writing: the repository may name the new key already
        raise KeySetError(
            f"the rotation stopped part way: the new {role} key is kept in {pending}. If {out}'s newest root "
            f"(or targets.json, for bins) names it, rename it to {role}.pem; if not, remove it and run again"
        ) from None
    final, kept = retire(keys, role, pending, now)
    return Rotation(role, final, kept, result)
