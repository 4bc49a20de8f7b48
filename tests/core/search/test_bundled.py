"""The search index a frozen build ships is used only for the manual it indexes."""

import shutil

import pytest

from reader.core.search.bundled import DIGEST, INDEX, build_for_bundle, manual_digest, seed
from reader.core.editions.library import Library
from reader.core.paths import bundled_repository, trusted_root_file
from reader.core.search import open_index, search
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return build_for_bundle(ROOT / "resources", tmp_path_factory.mktemp("bundle") / "index")


@pytest.fixture(scope="module")
def manual(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    return Library(data, trusted_root_file().read_bytes(), bundled_repository()).open().manual


def _segments(folder):
    return sorted(p.name for p in folder.glob("*.seg"))


def test_the_bundled_index_of_this_manual_is_copied_and_searches(bundle, manual, tmp_path):
    assert seed(tmp_path / "index", manual, bundle)
    assert _segments(tmp_path / "index") == _segments(bundle / INDEX)
    with open_index(tmp_path / "index", manual) as index:
        assert search(index, "LADO", board="walsall").results[0].id == "walsall-lado"
    assert _segments(tmp_path / "index") == _segments(bundle / INDEX)  # used as it was, not rebuilt


def test_another_manuals_index_is_not_copied(bundle, manual, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(bundle, other)
    (other / DIGEST).write_text("0" * 64 + "\n")
    assert not seed(tmp_path / "index", manual, other)
    assert not (tmp_path / "index").exists()


def test_an_existing_index_is_left_alone(bundle, manual, tmp_path):
    (tmp_path / "index").mkdir()
    assert not seed(tmp_path / "index", manual, bundle)
    assert not any((tmp_path / "index").iterdir())


def test_no_bundled_index_is_no_seed(manual, tmp_path):
    assert not seed(tmp_path / "index", manual, tmp_path / "nothing")


def test_a_damaged_bundled_index_is_rebuilt_on_open(bundle, manual, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(bundle, damaged)
    for seg in (damaged / INDEX).glob("*.seg"):
        seg.write_bytes(b"\0" * 100)
    assert seed(tmp_path / "index", manual, damaged)
    with open_index(tmp_path / "index", manual) as index:
        assert search(index, "LADO", board="walsall").results[0].id == "walsall-lado"


def test_the_digest_follows_every_chapter(manual):
    from dataclasses import replace

    changed = replace(manual, chapters=(replace(manual.chapters[0], title="changed"),) + manual.chapters[1:])
    assert manual_digest(changed) != manual_digest(manual)
