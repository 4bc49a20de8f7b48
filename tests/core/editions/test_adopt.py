"""One commit path for an edition (Library.adopt), and sync handing back the new edition opened."""

from __future__ import annotations

import shutil

import pytest

from reader.core.editions.library import Library
from reader.core.editions.sync import sync
from reader.core.trust.verify import verify_edition
from tests.server import Server
from tests.publishing import laptop_after_a_sync as laptop


@pytest.fixture
def served(tmp_path):
    """A repository of two editions, served; `fresh` is a laptop on the older one, `held` on the newer."""
    held, previous, current = laptop(tmp_path)
    fresh = Library(tmp_path / "fresh", held.pinned_root, held.bundled)
    assert fresh.open().name == previous
    server = Server(tmp_path / "repo")
    yield held, fresh, previous, current, server
    server.stop()


def test_adopt_replaces_a_folder_of_the_same_name_then_points_current_at_it(served, tmp_path):
    held, _, _, current, _ = served
    staging = held.editions / ".incoming-test"
    shutil.copytree(held.editions / current, staging)
    verified = verify_edition(held.pinned_root, staging)
    (held.editions / current / "left-by-a-stopped-sync").write_text("x")
    held.switch("1")  # as if `current` had not yet been written
    assert held.adopt(staging, verified) == current
    assert not staging.exists()
    assert not (held.editions / current / "left-by-a-stopped-sync").exists()
    assert held.current_name() == current
    held.verify(current)


def test_sync_hands_back_the_new_edition_opened_as_the_library_would_open_it(served):
    _, fresh, previous, current, server = served
    report = sync(fresh, server.url)
    assert not report.up_to_date and report.edition == current and report.previous == previous
    opened, again = report.opened, fresh.open()
    assert opened.name == again.name == current
    assert opened.manual == again.manual and opened.manual is not again.manual
    assert (opened.as_of, opened.sync_url, opened.path, opened.data_dir, opened.problems) == (
        again.as_of, again.sync_url, again.path, again.data_dir, again.problems)
    assert "opened" not in report.to_json()


def test_an_up_to_date_sync_hands_back_the_edition_in_use(served):
    held, _, _, current, server = served
    report = sync(held, server.url)
    assert report.up_to_date
    assert report.opened.name == current and report.opened.manual == held.open().manual
