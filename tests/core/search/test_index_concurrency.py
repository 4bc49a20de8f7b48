"""Several reader processes building, updating and searching one search index at once (issue 21).

A window opening its index in the background while `reader search` runs, two
syncs' index steps, a rebuild after damage: each is a real process here, all
released together at a barrier on one data folder, several rounds. None may
fail, and none may read half an index (a search then finds what it should).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the processes are forked")

DRIVER = textwrap.dedent("""
    import json, multiprocessing, os, shutil, sys
    from dataclasses import replace
    from pathlib import Path
    from reader.core.content import read_manual
    from reader.core.search import build_index, open_index, search, update_index

    root, jobs, rounds, content = Path(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3]), Path(sys.argv[4])
    manual = read_manual(content)
    # an edition later: one chapter's words changed, as a sync brings
    first = manual.chapters[0]
    wording = replace(first.current, body=first.body + "\\n\\nZebracrossing added later.\\n")
    later = replace(manual, chapters=(replace(first, wordings=first.wordings[:-1] + (wording,)),) + manual.chapters[1:])
    ctx = multiprocessing.get_context("fork")

    def work(job, index_dir, barrier, out):
        barrier.wait()
        try:
            if job == "open":
                with open_index(index_dir, manual) as ix:
                    found = [h.id for h in search(ix, "significant harm").results]
            elif job == "open-later":
                with open_index(index_dir, later) as ix:
                    found = [h.id for h in search(ix, "zebracrossing").results]
            elif job == "build":
                build_index(manual, index_dir)
                with open_index(index_dir, manual) as ix:
                    found = [h.id for h in search(ix, "significant harm").results]
            elif job == "update":
                update_index(later, index_dir)
                found = ["updated"]
            out.put({"job": job, "found": found})
        except BaseException as exc:
            out.put({"job": job, "error": f"{type(exc).__name__}: {exc}"})

    results = []
    for n in range(rounds):
        index_dir = root / f"round-{n}" / "index"
        if n % 2:  # every other round starts from an index of the earlier manual already there
            build_index(manual, index_dir)
        barrier, out = ctx.Barrier(len(jobs)), ctx.Queue()
        procs = [ctx.Process(target=work, args=(job, index_dir, barrier, out)) for job in jobs]
        for p in procs:
            p.start()
        got = [out.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        leftovers = sorted(p.name for p in index_dir.parent.iterdir() if p.name not in ("index", "index.lock"))
        results.append({"got": got, "exit": [p.exitcode for p in procs], "leftovers": leftovers})
    print(json.dumps(results))
""")


def _run(tmp_path, jobs, rounds):
    from tests.conftest import CONTENT

    done = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path), ",".join(jobs), str(rounds), str(CONTENT)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_six_processes_opening_and_building_one_index_at_once_all_succeed_and_find_it_whole(tmp_path):
    rounds = _run(tmp_path, ["open", "open", "open", "build", "build", "open"], rounds=6)
    for result in rounds:
        assert all("error" not in g for g in result["got"]), result["got"]
        assert result["exit"] == [0] * 6
        hits = [g["found"] for g in result["got"]]
        assert all(h and h == hits[0] for h in hits), hits  # the whole index, the same answer, each time
        assert result["leftovers"] == []  # no building or set-aside folder left behind


def test_updates_beside_opens_of_the_later_manual_never_fail_and_the_later_words_are_found(tmp_path):
    rounds = _run(tmp_path, ["update", "open-later", "update", "open-later", "build"], rounds=6)
    for result in rounds:
        assert all("error" not in g for g in result["got"]), result["got"]
        assert result["exit"] == [0] * 5
        for got in result["got"]:
            if got["job"] == "open-later":
                assert got["found"], got  # the changed chapter's new words, whoever indexed them
        assert result["leftovers"] == []


def test_an_index_open_in_the_window_sees_what_another_process_indexed_for_the_same_edition(manual, tmp_path):
    """`reader sync` beside the window indexes the new edition; the window's own update then finds nothing to do."""
    from dataclasses import replace

    from reader.core.search import open_index, search, update_index

    first = manual.chapters[0]
    wording = replace(first.current, body=first.body + "\n\nZebracrossing added later.\n")
    later = replace(manual, chapters=(replace(first, wordings=first.wordings[:-1] + (wording,)),) + manual.chapters[1:])
    with open_index(tmp_path / "index", manual) as window:
        assert search(window, "zebracrossing").results == []
        update_index(later, tmp_path / "index")  # the other process's sync
        report = window.update(later)
        assert report.reindexed == 0
        assert [hit.id for hit in search(window, "zebracrossing").results] == [first.id]


def test_a_data_folder_that_cannot_take_the_lock_file_is_one_clear_error(manual, tmp_path):
    from reader.core.errors import SearchIndexError
    from reader.core.search import open_index

    (tmp_path / "index.lock").mkdir()  # something in the lock file's place
    with pytest.raises(SearchIndexError, match="could not use the search index in"):
        open_index(tmp_path / "index", manual)


def test_a_rebuild_after_another_process_swapped_a_new_index_in_uses_that_index(manual, tmp_path):
    from reader.core.search import build_index, open_index, search

    with open_index(tmp_path / "index", manual) as window:
        build_index(manual, tmp_path / "index")  # another reader's rebuild, swapped in under the window
        report = window.rebuild()  # what a search that tripped over the swap does
        assert (report.added, report.reindexed) == (0, 0)  # that index, current already: not built a third time
        assert search(window, "significant harm").results
        assert window.rebuild().added == len(manual.chapters)  # the same folder again: damaged, built afresh
