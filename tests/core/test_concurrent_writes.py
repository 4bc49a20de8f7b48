"""Bookmarks and settings written by two reader processes on one data folder: neither's change is lost."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest

from reader.core import settings as settings_store
from reader.core.bookmarks import FILE, Bookmarks
from reader.core.content import read_manual
from reader.core.settings import Settings
from tests.conftest import CONTENT, ROOT

TODAY = dt.date(2026, 11, 23)

ADD = textwrap.dedent("""
    import datetime as dt, sys
    from reader.core.bookmarks import Bookmarks
    from reader.core.content import read_manual
    from tests.conftest import CONTENT
    manual = read_manual(CONTENT)
    marks, _ = Bookmarks.load(sys.argv[1])
    print("loaded", flush=True)
    sys.stdin.readline()  # both processes have read the file before either adds
    for chapter_id in sys.argv[2:]:
        marks.add(manual.chapter(chapter_id), dt.date(2026, 11, 23))
""")


@pytest.fixture(scope="module")
def manual():
    return read_manual(CONTENT)


def test_two_processes_adding_bookmarks_at_once_keep_both_sets(tmp_path, manual):
    ids = [c.id for c in manual.chapters][:12]
    halves = ids[::2], ids[1::2]
    procs = [subprocess.Popen([sys.executable, "-c", ADD, str(tmp_path), *half], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE) for half in halves]
    for p in procs:
        assert p.stdout.readline().strip() == "loaded"
    for p in procs:  # go
        p.stdin.write("\n")
        p.stdin.flush()
    for p in procs:
        p.stdin.close()
        assert p.wait(timeout=60) == 0
        p.stdout.close()
    kept, problem = Bookmarks.load(tmp_path)
    assert problem is None
    assert sorted(b.chapter for b in kept.items) == sorted(ids)


def test_a_bookmark_added_by_another_process_survives_a_removal_here(tmp_path, manual):
    here, _ = Bookmarks.load(tmp_path)
    here.add(manual.chapter("introduction"), TODAY)
    subprocess.run([sys.executable, "-c", ADD, str(tmp_path), "walsall-lado"], cwd=ROOT, input="\n", text=True,
                   check=True, capture_output=True, timeout=60)
    here.remove("introduction")  # this window never saw walsall-lado
    assert [b.chapter for b in Bookmarks.load(tmp_path)[0].items] == ["walsall-lado"]
    assert [b.chapter for b in here.items] == ["walsall-lado"]  # and now it has


def test_a_bookmarks_file_damaged_meanwhile_is_set_aside_and_nothing_held_here_is_lost(tmp_path, manual):
    here, _ = Bookmarks.load(tmp_path)
    here.add(manual.chapter("introduction"), TODAY)
    (tmp_path / FILE).write_text("{not json")
    here.add(manual.chapter("walsall-lado"), TODAY)
    assert [b.chapter for b in Bookmarks.load(tmp_path)[0].items] == ["introduction", "walsall-lado"]
    assert (tmp_path / f"{FILE}.corrupt-1").read_text() == "{not json"


def test_a_setting_changed_by_another_process_is_not_overwritten_by_this_ones_change(tmp_path):
    mine, _ = settings_store.load(tmp_path)
    base = Settings(**vars(mine))
    other, _ = settings_store.load(tmp_path)  # another reader, as a second process holds it
    other.theme = "dark"
    settings_store.save(tmp_path, other)
    mine.text_size = 14
    written = settings_store.save(tmp_path, mine, since=base)
    assert (written.theme, written.text_size) == ("dark", 14)
    assert json.loads((tmp_path / settings_store.FILE).read_text())["values"]["theme"] == "dark"
    assert settings_store.load(tmp_path)[0] == written


def test_a_damaged_or_unusable_setting_in_the_file_is_written_over_by_this_ones(tmp_path):
    (tmp_path / settings_store.FILE).write_text(json.dumps({"version": 1, "values": {"theme": 7}}))
    mine = Settings()
    written = settings_store.save(tmp_path, mine, since=Settings())
    assert written.theme == "light"
    assert settings_store.load(tmp_path) == (Settings(), None)
