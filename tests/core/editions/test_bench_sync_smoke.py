"""bench/bench_sync.py still runs end to end over nginx (the real manual, a fleet of two): a smoke test, not a measurement."""

from __future__ import annotations

import re

import pytest

from bench.nginx import nginx_binary

pytestmark = pytest.mark.skipif(nginx_binary() is None, reason="nginx is installed by `sh scripts/setup.sh --test`")


def test_the_sync_benchmark_runs_over_nginx(capsys):
    from bench.bench_sync import bench

    bench("real", fleet=2)
    out = capsys.readouterr().out
    assert re.search(r"nothing changed .* 2 requests .* up to date", out)
    assert re.search(r"one chapter: metadata [\d,]+ B beside the chapter \(target <= 32,768: met\)", out)
    assert re.search(r"renewal day: \d of 8 bins re-signed", out)
    assert "held after 10 more editions: 3 editions" in out
    assert "fleet of 2: 2 of 2 synced" in out
