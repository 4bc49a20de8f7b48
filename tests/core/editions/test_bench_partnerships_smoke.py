"""bench/bench_sync.py --partnerships runs over nginx on the real manual (issue 20): a smoke test
of the mode, and of the one property it exists to show: delegating Dudley and Walsall their own
Level C adds no request to a one-chapter sync, Level C or shared."""

from __future__ import annotations

import re

import pytest

from bench.nginx import nginx_binary

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is installed by `sh scripts/setup.sh --test`")


def test_the_partnership_mode_compares_one_chapter_deltas(capsys):
    from bench.bench_sync import bench_partnerships

    bench_partnerships("real")
    out = capsys.readouterr().out
    assert "no delegation:" in out and "Dudley and Walsall delegated:" in out
    for label in (r"Level C \(dudley\)", "shared chapter"):
        found = re.search(label + r" +([\d,]+) B, (\d+) requests without delegation -> +([\d,]+) B, (\d+) requests "
                                  r"delegated \(([+-][\d,]+) B, ([+-]\d+) requests\)", out)
        assert found, out
        before, after = (int(found[n].replace(",", "")) for n in (1, 3))
        assert found[2] == found[4] and found[6] == "+0"
        assert int(found[5].replace(",", "")) == after - before
