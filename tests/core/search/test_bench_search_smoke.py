"""bench/bench_search.py still runs end to end on a small corpus: a smoke test, not a measurement."""

from __future__ import annotations

import re


def test_the_search_benchmark_runs_and_says_the_load_and_first_runs(capsys, monkeypatch):
    import bench.bench_search as bench_search

    monkeypatch.setattr(bench_search, "ROUNDS", 1)
    bench_search.main(["60"])
    out = capsys.readouterr().out
    assert re.search(r"^before: load average (\d+\.\d\d, ){2}\d+\.\d\d on \d+ cores$", out, re.M)
    assert re.search(r"^\s+60 \| .* ms \| .* median +\d+ ms, max +\d+$", out, re.M)
    assert re.search(r"first run of each query and board: p50 \d+\.\d ms, p95 \d+\.\d ms; slowest \(worst board\): '", out)
    assert re.search(r"^after: load average", out, re.M)
