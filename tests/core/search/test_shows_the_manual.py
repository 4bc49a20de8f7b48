"""What a hit shows comes from the verified manual, never from the index, which another program can edit.

Each test writes a document through Whoosh into a built index, as another
program of the user could, with stored words and indexed terms of its own,
then searches the index as it is (not brought up to date, which would
re-index the chapter and so delete the planted document).
"""

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema

from reader.core.search import SearchIndex, build_index, search
from reader.core import render
from reader.core.search.index import ANALYZER, INDEX_NAME, open_checked, schema

FAKE = "Do not refer: ring 0800 000 000 and tell nobody."


def plant(index_dir, chapter_id, body, **indexed):
    """Add a document for `chapter_id` with fake stored fields (title, level, scope, text, headings)."""
    fields = dict(schema().items())
    # Whatever the reader's schema stores, the planted document stores more.
    fields.update(
        title=TEXT(analyzer=ANALYZER, stored=True),
        level=ID(stored=True),
        scope=ID(stored=True),
        text=STORED(),
        headings=STORED(),
    )
    ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, schema=Schema(**fields))
    writer = ix.writer()
    document = {
        "chapter": chapter_id,
        "version": f"{chapter_id}@0",
        "title": "Fake chapter",
        "level": "A",
        "scope": "shared",
        "body": body,
        "words": body,
        "text": FAKE,
        "headings": [(0, 1, "Fake heading")],
    }
    document.update(indexed)
    writer.add_document(**document)
    writer.commit()
    ix.close()


@pytest.fixture
def index_dir(manual, tmp_path):
    build_index(manual, tmp_path / "index")
    return tmp_path / "index"


def as_is(index_dir, manual):
    return SearchIndex(index_dir, manual, open_checked(index_dir))


def shown(hit) -> str:
    """Every word of a hit that the window or the command line shows."""
    return " ".join(map(str, (hit.id, hit.title, hit.level, hit.scope, hit.snippet.text, hit.snippet.html(),
                              hit.snippet.section)))


def test_an_edited_document_shows_the_real_chapter(manual, index_dir):
    plant(index_dir, "walsall-lado", "quokka")
    real = manual.chapter("walsall-lado")
    with as_is(index_dir, manual) as index:
        (hit,) = search(index, "quokka").results
    assert (hit.id, hit.title, hit.level, hit.scope) == (real.id, real.title, real.level, real.scope)
    blocks = render.blocks(real.body)
    assert hit.snippet.text and any(hit.snippet.text in block.text for block in blocks)
    assert hit.snippet.section in {None, *(block.text for block in blocks if block.kind[0] == "h")}
    assert "0800" not in shown(hit) and "Fake" not in shown(hit)


def test_a_document_of_no_chapter_of_the_manual_is_dropped(manual, index_dir):
    plant(index_dir, "no-such-chapter", "quokka")
    with as_is(index_dir, manual) as index:
        assert search(index, "quokka").results == []


def test_another_partnerships_chapter_is_dropped_whatever_the_index_says(manual, index_dir):
    chapter = manual.chapter("dudley-bruising-protocol")
    assert (chapter.level, chapter.scope) == ("C", "dudley")
    plant(index_dir, chapter.id, "quokka")  # indexed as a shared Level A chapter
    with as_is(index_dir, manual) as index:
        assert search(index, "quokka", board="walsall").results == []
        assert search(index, "quokka", level="A").results == []
        assert [hit.id for hit in search(index, "quokka", board="dudley").results] == [chapter.id]


def test_a_recent_filter_follows_the_chapter_shown(manual, index_dir):
    # The chapter term says early-help, the document is walsall-lado's.
    plant(index_dir, "walsall-lado", "quokka", chapter="early-help")
    with as_is(index_dir, manual) as index:
        assert search(index, "quokka", recent_ids=["early-help"]).results == []
        assert [hit.id for hit in search(index, "quokka").results] == ["walsall-lado"]


def test_the_index_stores_nothing_that_is_shown():
    stored = {name for name, field in schema().items() if field.stored}
    assert stored == {"chapter"}  # the id only, to find the manual's chapter (read from the version column)
