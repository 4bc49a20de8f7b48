"""A sync from the first of several addresses that serves: the publisher's, then its mirrors, in order.

Every address is verified the same way (TUF against the pinned root), so a
mirror is trusted for nothing but availability: one that is down, stale or
serves a tampered file is refused like any other and the next is tried. Only
the practitioner's cancel, or another reader syncing this folder, stops the
round early: the next address would meet the same.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

from reader.core.errors import ReaderError, SyncBusy, SyncCancelled, SyncError, SyncNetworkError

T = TypeVar("T")


def first_that_serves(addresses: Sequence[str], sync_one: Callable[[str], T]) -> tuple[T, str]:
    """(what sync_one gave, the address it was given) for the first address whose sync completes."""
    if not addresses:
        raise SyncError("no update address is known: set one in Preferences, or give one to reader sync")
    failures: list[tuple[str, ReaderError]] = []
    for address in addresses:
        try:
            return sync_one(address), address
        except (SyncCancelled, SyncBusy):
            raise
        except ReaderError as exc:
            failures.append((address, exc))
    if len(failures) == 1:
        raise failures[0][1]
    error = SyncNetworkError if all(isinstance(e, SyncNetworkError) for _, e in failures) else SyncError
    raise error("no update address served: " + "; ".join(f"{a}: {e}" for a, e in failures)) from failures[-1][1]
