"""The fetcher's ways of ending a download early are types, and sync tells them apart by type alone."""

from __future__ import annotations

import pytest
from tuf.api.exceptions import DownloadError, SlowRetrievalError

from reader.core.editions.fetcher import DownloadCancelled, ProxyAwareFetcher, Unreachable
from reader.core.editions.sync import _network_message, sync
from reader.core.errors import SyncCancelled, SyncNetworkError
from tests.server import Server
from tests.publishing import laptop_after_a_sync as laptop


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A repository of two editions, served; a laptop on it."""
    folder = tmp_path_factory.mktemp("served")
    library, _, current = laptop(folder)
    server = Server(folder / "repo")
    yield library, current, server
    server.stop()


def test_a_cancel_while_a_file_arrives_is_its_own_type(served):
    _, _, server = served
    fetcher = ProxyAwareFetcher(cancelled=lambda: True)
    with pytest.raises(DownloadCancelled):
        list(fetcher.fetch(f"{server.url}/metadata/timestamp.json"))


def test_no_server_is_unreachable_with_the_systems_words():
    with pytest.raises(Unreachable, match="could not reach") as raised:
        list(ProxyAwareFetcher(timeout=1).fetch("http://127.0.0.1:9/metadata/timestamp.json"))
    assert raised.value.detail == str(raised.value)
    with pytest.raises(Unreachable, match="not a web address"):
        list(ProxyAwareFetcher().fetch("ftp://example/metadata/timestamp.json"))


def test_a_server_slower_than_the_deadline_is_too_slow(served):
    _, _, server = served
    with pytest.raises(SlowRetrievalError, match="took longer"):  # a deadline already past: the first read is late
        list(ProxyAwareFetcher(deadline=-1).fetch(f"{server.url}/metadata/timestamp.json"))


def test_a_cancel_inside_the_fetcher_ends_the_sync_as_cancelled(served):
    library, current, server = served
    answers = iter([False])  # the metadata step's own check passes; the fetcher's first check cancels
    with pytest.raises(SyncCancelled):
        sync(library, server.url, cancelled=lambda: next(answers, True))
    assert library.current_name() == current


def test_the_words_of_an_error_never_decide_what_it_is():
    # a plain DownloadError whose words happen to say "took longer", "cancelled", "could not reach"
    words = DownloadError("could not reach x: it took longer and was cancelled")
    assert _network_message(words) == f"no connection to the update server ({words})"
    assert _network_message(SlowRetrievalError("x")) == "the update server is too slow to answer; try again later"
    assert _network_message(Unreachable("the connection to x failed: reset", "reset")) == (
        "no connection to the update server (reset)")


def test_a_typed_unreachable_is_a_network_error_of_sync(served):
    library, current, _ = served
    with pytest.raises(SyncNetworkError, match=r"no connection to the update server \(could not reach"):
        sync(library, "http://127.0.0.1:9", timeout=1)
    assert library.current_name() == current
