"""Opening the edition in a forked child while the window's process loads Qt.

Each case runs in a fresh interpreter, as the `reader` command does: the fork
is made only before Qt is loaded and while no other thread runs, which a
pytest process that has run the window's tests no longer is.
"""

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the head start forks on Linux only")


def run(body: str) -> dict:
    code = textwrap.dedent("""
        import json, os, sys
        from reader.core.model import Manual
        from reader.core.editions.early_open import EarlyOpen
        from reader.core.editions.opened import Opened
        parent = os.getpid()
        def opened(problems=()):
            return Opened(Manual(boards=(), chapters=(), register=()), name=str(os.getpid()), as_of="2026-11-01",
                          problems=list(problems))
    """) + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_edition_is_opened_in_the_child_and_handed_back():
    out = run("""
        early = EarlyOpen(opened)
        got = early.result()
        print(json.dumps({"forked": early._pid is None and got.name != str(parent), "as_of": got.as_of}))
    """)
    assert out == {"forked": True, "as_of": "2026-11-01"}


def test_a_failure_in_the_child_is_met_again_in_the_parent_where_it_is_reported():
    out = run("""
        from reader.core.errors import TrustError
        def open_edition():
            raise TrustError("the edition's snapshot is not signed by a trusted key")
        early = EarlyOpen(open_edition)
        try:
            early.result()
        except TrustError as exc:
            print(json.dumps({"raised here": str(exc)}))
    """)
    assert out == {"raised here": "the edition's snapshot is not signed by a trusted key"}


def test_a_child_that_dies_is_replaced_by_opening_here():
    out = run("""
        def open_edition():
            if os.getpid() != parent:
                os.kill(os.getpid(), 9)  # the child, killed mid-way
            return opened()
        got = EarlyOpen(open_edition).result()
        print(json.dumps({"opened by the parent": got.name == str(parent)}))
    """)
    assert out == {"opened by the parent": True}


def test_no_fork_once_qt_is_loaded_or_a_thread_runs():
    out = run("""
        import threading, time
        stop = threading.Event()
        t = threading.Thread(target=stop.wait); t.start()
        with_thread = EarlyOpen(opened).result().name == str(parent)
        stop.set(); t.join()
        import PySide6.QtCore
        with_qt = EarlyOpen(opened).result().name == str(parent)
        print(json.dumps({"thread": with_thread, "qt": with_qt}))
    """)
    assert out == {"thread": True, "qt": True}


def test_the_real_edition_comes_back_whole(tmp_path):
    out = run(f"""
        from pathlib import Path
        from reader.core.editions.library import Library
        from reader.core.paths import bundled_repository, trusted_root_file
        def open_edition():
            return Library(Path({str(tmp_path)!r}), trusted_root_file().read_bytes(), bundled_repository()).open()
        early = EarlyOpen(open_edition)
        got = early.result()
        here = open_edition()
        print(json.dumps({{"same": got.manual == here.manual, "chapters": len(got.manual.chapters),
                          "as_of": got.as_of == here.as_of, "path": got.path == here.path}}))
    """)
    assert out["same"] and out["as_of"] and out["path"] and out["chapters"] >= 40

