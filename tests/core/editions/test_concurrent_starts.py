"""Several reader processes starting at once on one fresh data folder (issue 21).

A practitioner double-clicks twice, or a script runs while the window starts:
each process finds no edition and installs the bundled one. Every one must
succeed, say nothing is wrong, and leave exactly one edition installed.

The starts are forked from a fresh interpreter (as tests/core/editions/
test_early_open.py does), so they begin together at a barrier and cost no
interpreter start each; one round also runs the real `reader` command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the starts are forked")

STARTS, ROUNDS = 8, 20

DRIVER = textwrap.dedent("""
    import json, multiprocessing, os, sys
    from pathlib import Path
    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository, trusted_root_file

    root, starts, rounds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    pinned = trusted_root_file().read_bytes()
    ctx = multiprocessing.get_context("fork")

    def start(data, barrier, out):
        barrier.wait()
        try:
            opened = Library(data, pinned, bundled_repository()).open()
            out.put({"name": opened.name, "problems": opened.problems, "chapters": len(opened.manual.chapters)})
        except BaseException as exc:
            out.put({"error": f"{type(exc).__name__}: {exc}"})

    results = []
    for n in range(rounds):
        data = root / f"round-{n}"
        barrier, out = ctx.Barrier(starts), ctx.Queue()
        procs = [ctx.Process(target=start, args=(data, barrier, out)) for _ in range(starts)]
        for p in procs:
            p.start()
        got = [out.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        results.append({"starts": got, "exit": [p.exitcode for p in procs],
                         "editions": sorted(os.listdir(data / "editions")),
                         "current": (data / "current").read_text().strip()})
    print(json.dumps(results))
""")


def test_eight_first_starts_at_once_all_succeed_with_one_edition_installed_twenty_times(tmp_path):
    done = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path), str(STARTS), str(ROUNDS)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rounds = json.loads(done.stdout.splitlines()[-1])
    assert len(rounds) == ROUNDS
    for result in rounds:
        starts = result["starts"]
        assert all("error" not in s for s in starts), starts
        assert [s["problems"] for s in starts] == [[]] * STARTS  # none fell back to the bundled edition "instead"
        names = {s["name"] for s in starts}
        assert len(names) == 1 and all(s["chapters"] > 0 for s in starts)
        assert result["exit"] == [0] * STARTS
        assert result["editions"] == sorted(names)  # one edition, no staging folder left behind
        assert result["current"] == names.pop()


def test_eight_reader_commands_at_once_on_a_fresh_folder_all_answer(tmp_path):
    """The issue's own case: `reader boards --json` started together, each its own interpreter."""
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "reader", "--data-dir", str(data), "boards", "--json"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(STARTS)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert (p.returncode, err) == (0, "")
        assert json.loads(out)
    assert len(os.listdir(data / "editions")) == 1
    assert (data / "current").read_text().strip() in os.listdir(data / "editions")
