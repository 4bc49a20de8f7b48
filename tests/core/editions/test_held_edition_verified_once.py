"""A sync verifies the edition held once (library.open), and takes the delta's base from that check."""

from __future__ import annotations

import reader.core.editions.sync as sync_module
from reader.core.editions.sync import sync


def test_the_held_editions_hashes_come_from_the_opened_edition(laptop, server, monkeypatch):
    lib, _ = laptop
    opened = lib.open()
    assert opened.hashes and all(len(h) == 64 for h in opened.hashes.values())
    assert set(opened.hashes) == set(lib.verify(opened.name).targets)
    checked = []
    real = sync_module.verify_metadata
    monkeypatch.setattr(sync_module, "verify_metadata", lambda *a: checked.append(a) or real(*a))
    report = sync(lib, server.url)
    assert report.changed == ["referrals"]
    assert checked == []  # no second verification of the held edition's metadata
    targets = [r for r in server.requests if r.startswith("/targets/")]
    assert len(targets) == 1  # and the delta is still one chapter
