"""Fixtures the search tests share: the manual of content/, and an index of it per module."""

import pytest

from reader.core.content import read_manual
from reader.core.search import open_index
from tests.conftest import CONTENT


@pytest.fixture(scope="session")
def manual():
    return read_manual(CONTENT)  # a Manual is frozen: one read serves every module


@pytest.fixture(scope="module")
def index(manual, tmp_path_factory):
    """An index of the manual, built once for the module that asks for it."""
    with open_index(tmp_path_factory.mktemp("search") / "index", manual) as opened:
        yield opened
