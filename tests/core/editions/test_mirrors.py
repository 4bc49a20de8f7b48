"""Addresses tried in order: the first that serves; a cancel stops the round."""

import pytest

from reader.core.editions.mirrors import first_that_serves
from reader.core.errors import SyncBusy, SyncCancelled, SyncError, SyncNetworkError, SyncRefused


def attempts(outcomes):
    tried = []

    def sync_one(address):
        tried.append(address)
        outcome = outcomes[address]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return tried, sync_one


def test_the_first_that_serves_in_order():
    tried, sync_one = attempts({"a": SyncNetworkError("down"), "b": SyncRefused("tampered"), "c": "report", "d": "no"})
    assert first_that_serves(["a", "b", "c", "d"], sync_one) == ("report", "c")
    assert tried == ["a", "b", "c"]


def test_all_failing_names_each_address():
    _, sync_one = attempts({"a": SyncNetworkError("down"), "b": SyncNetworkError("404")})
    with pytest.raises(SyncNetworkError, match="a: down; b: 404"):
        first_that_serves(["a", "b"], sync_one)
    _, sync_one = attempts({"a": SyncNetworkError("down"), "b": SyncRefused("tampered")})
    with pytest.raises(SyncError, match="a: down; b: tampered"):
        first_that_serves(["a", "b"], sync_one)


@pytest.mark.parametrize("stop", [SyncCancelled(), SyncBusy()])
def test_a_cancel_or_another_sync_stops_the_round(stop):
    tried, sync_one = attempts({"a": stop, "b": "report"})
    with pytest.raises(type(stop)):
        first_that_serves(["a", "b"], sync_one)
    assert tried == ["a"]


def test_no_address_is_a_clear_error():
    with pytest.raises(SyncError, match="no update address"):
        first_that_serves([], lambda a: a)
