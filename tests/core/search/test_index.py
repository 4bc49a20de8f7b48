"""The search index on disk: incremental update, atomic build, recovery from damage."""

import os
from dataclasses import replace

import pytest

from reader.core.model import Chapter, Wording
from reader.core.search import build_index, open_index, search, update_index
from reader.core.search.index import INDEX_NAME, chapter_hash
from tests.core.editions.later import with_body, without


def ids(index, query, **filters) -> list[str]:
    return [hit.id for hit in search(index, query, limit=50, **filters).results]


# -- incremental update -------------------------------------------------------


def test_update_reindexes_only_the_changed_chapter(manual, tmp_path):
    with open_index(tmp_path / "index", manual) as index:
        assert "walsall-lado" in ids(index, "Crowshaw")
        changed = with_body(manual, "walsall-lado", "Ring the quokka liaison desk.\n")
        assert chapter_hash(changed.chapter("walsall-lado")) != chapter_hash(manual.chapter("walsall-lado"))

        report = index.update(changed)
        assert (report.added, report.changed, report.removed) == (0, 1, 0)
        assert report.reindexed == 1 and report.unchanged == len(manual.chapters) - 1
        # The same SearchIndex sees the commit at once, and no deleted document.
        assert ids(index, "quokka") == ["walsall-lado"]
        assert "walsall-lado" not in ids(index, "Crowshaw")
        assert ids(index, "Crowshaw") == []

        again = index.update(changed)
        assert again.reindexed == 0 and again.removed == 0


def test_update_removes_and_adds_chapters(manual, tmp_path):
    with open_index(tmp_path / "index", manual) as index:
        smaller = without(manual, "walsall-mash")
        assert index.update(smaller).removed == 1
        assert "walsall-mash" not in ids(index, "Multi-Agency Safeguarding Hub", board="walsall")
        assert "walsall-mash" not in ids(index, "MASH")

        newcomer = Chapter(
            id="dudley-quokka-protocol",
            title="Quokka Protocol",
            title_origin="editorial",
            level="C",
            scope="dudley",
            position=99,
            wordings=(Wording(body="Quokkas are not independently mobile.\n", source=manual.chapters[0].current.source),),
        )
        bigger = replace(smaller, chapters=smaller.chapters + (newcomer,))
        report = index.update(bigger)
        assert (report.added, report.changed, report.removed) == (1, 0, 0)
        assert ids(index, "quokka", board="dudley") == ["dudley-quokka-protocol"]
        assert ids(index, "quokka", board="walsall") == []


def test_update_index_on_a_closed_index_then_open(manual, tmp_path):
    build_index(manual, tmp_path / "index")
    changed = with_body(manual, "early-help", "Early help means a wombat.\n")
    report = update_index(changed, tmp_path / "index")
    assert report.reindexed == 1
    with open_index(tmp_path / "index", changed) as index:
        assert ids(index, "wombat") == ["early-help"]


def test_opening_with_a_newer_manual_brings_the_index_up_to_date(manual, tmp_path):
    open_index(tmp_path / "index", manual).close()
    changed = with_body(manual, "early-help", "Early help means a numbat.\n")
    with open_index(tmp_path / "index", changed) as index:
        assert ids(index, "numbat") == ["early-help"]


# -- build and recovery -------------------------------------------------------


def test_build_leaves_only_the_index_folder(manual, tmp_path):
    report = build_index(manual, tmp_path / "index")
    assert report.added == len(manual.chapters)
    build_index(manual, tmp_path / "index")  # rebuilding over an existing index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index", "index.lock"]  # the lock file stays, empty


def test_missing_index_is_built(manual, tmp_path):
    with open_index(tmp_path / "not-yet" / "index", manual) as index:
        assert "walsall-lado" in ids(index, "LADO")


def _damage(folder, how: str) -> None:
    files = [p for p in folder.iterdir() if p.is_file()]
    assert files
    for path in files:
        size = path.stat().st_size
        with open(path, "r+b") as f:
            if how == "truncate":
                f.truncate(size // 3)
            else:
                f.seek(0)
                f.write(os.urandom(max(size, 16)))


@pytest.mark.parametrize("how", ["truncate", "garble"])
def test_damaged_index_is_rebuilt_on_open(manual, tmp_path, how):
    build_index(manual, tmp_path / "index")
    _damage(tmp_path / "index", how)
    with open_index(tmp_path / "index", manual) as index:
        assert "walsall-lado" in ids(index, "LADO")


def test_damage_inside_the_segment_is_rebuilt_on_open(manual, tmp_path):
    build_index(manual, tmp_path / "index")
    for path in (tmp_path / "index").glob("*.seg"):
        data = bytearray(path.read_bytes())
        middle = len(data) // 2
        data[middle : middle + 4096] = os.urandom(min(4096, len(data) - middle))
        path.write_bytes(bytes(data))
    with open_index(tmp_path / "index", manual) as index:
        assert "walsall-lado" in ids(index, "LADO")
        assert "child-death-reviews" in ids(index, "child death")


def test_emptied_folder_and_other_version_are_rebuilt(manual, tmp_path):
    build_index(manual, tmp_path / "index")
    for path in (tmp_path / "index").iterdir():
        path.unlink()
    with open_index(tmp_path / "index", manual) as index:
        assert "walsall-lado" in ids(index, "LADO")
    for path in (tmp_path / "index").iterdir():  # an index of an older schema
        path.rename(path.with_name(path.name.replace(INDEX_NAME, "chapters_v0")))
    with open_index(tmp_path / "index", manual) as index:
        assert "walsall-lado" in ids(index, "LADO")


def test_a_file_where_the_folder_should_be_is_replaced(manual, tmp_path):
    (tmp_path / "index").write_text("not an index")
    with open_index(tmp_path / "index", manual) as index:
        assert "walsall-lado" in ids(index, "LADO")


def test_damage_found_while_searching_is_rebuilt(manual, tmp_path, monkeypatch):
    with open_index(tmp_path / "index", manual) as index:
        assert "walsall-lado" in ids(index, "LADO")
        rebuilds = []
        rebuild = index.rebuild
        monkeypatch.setattr(index, "rebuild", lambda: rebuilds.append(1) or rebuild())
        for path in (tmp_path / "index").glob("*.seg"):
            size = path.stat().st_size
            with open(path, "r+b") as f:  # in place: the open searcher reads the same file
                f.seek(size // 4)
                f.write(os.urandom(size // 2))
        assert "child-death-reviews" in ids(index, "child death")
        assert "walsall-lado" in ids(index, "LADO")
        assert rebuilds == [1]


def test_an_update_hashes_only_the_chapters_whose_text_is_new(manual, tmp_path):
    # Hashing every chapter to find the one that changed was most of an
    # update at 10,000 chapters; an unchanged chapter is the same strings.
    from reader.core.search import index as index_module

    with open_index(tmp_path / "index", manual) as index:
        before = index_module._content_hash.cache_info().misses
        report = index.update(with_body(manual, "referrals", manual.chapter("referrals").body + "\nNew words.\n"))
        assert report.changed == 1
        assert index_module._content_hash.cache_info().misses - before == 1


def test_an_update_reads_the_versions_of_new_segments_only(manual, tmp_path, monkeypatch):
    from whoosh.reading import SegmentReader

    with open_index(tmp_path / "index", manual) as index:
        for n in range(3):  # several segments, with deletions
            manual = with_body(manual, "referrals", manual.chapter("referrals").body + f"\nChange {n}.\n")
            index.update(manual)
        read = []
        real = SegmentReader.column_reader
        monkeypatch.setattr(SegmentReader, "column_reader", lambda self, *a, **k: read.append(a) or real(self, *a, **k))
        changed = with_body(manual, "child-death-reviews", manual.chapter("child-death-reviews").body + "\nOne more.\n")
        report = index.update(changed)
        assert (report.changed, report.added, report.removed) == (1, 0, 0)
        assert len(read) <= 1  # the segment the last update wrote, at most
        # ... and the versions read so are still right: nothing else is stale.
        assert index.update(changed).reindexed == 0
