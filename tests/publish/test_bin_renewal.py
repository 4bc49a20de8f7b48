"""Bin renewals are spread: no publish re-signs every hash bin, and none ever lets one lapse."""

from __future__ import annotations

import datetime as dt
import math

from reader.publish.edition import edition_files
from reader.publish.keys import DEV_KEYS, load_signers
from reader.publish.repository import LIFETIME, RENEWAL_SLOTS, bin_expiry, publish
from tests.conftest import CONTENT

T0 = dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.timezone.utc)


def test_daily_publishes_for_six_months_renew_a_fraction_of_the_bins_each_time(tmp_path):
    signers = load_signers(DEV_KEYS)
    files = edition_files(CONTENT, T0.date())
    first = publish(files, tmp_path / "repo", signers, now=T0)
    bins = [r for r in first.roles_signed if r.startswith("bin-")]
    renewed: dict[str, list[dt.datetime]] = {b: [T0] for b in bins}
    per_day = []
    for day in range(1, 26 * 7):  # the same content, re-signed every day, as the README says
        now = T0 + dt.timedelta(days=day)
        result = publish(files, tmp_path / "repo", signers, now=now)
        signed = [r for r in result.roles_signed if r.startswith("bin-")]
        per_day.append(len(signed))
        for b in signed:
            renewed[b].append(now)
    assert max(per_day) <= math.ceil(len(bins) / RENEWAL_SLOTS)  # never all at once (before: all 8 on one day)
    assert sum(1 for n in per_day if n) >= RENEWAL_SLOTS * 3  # spread over weeks, not bunched
    half = LIFETIME["bins"] / 2
    for b, times in renewed.items():  # each bin renewed about every half lifetime, never lapsing
        gaps = [later - earlier for earlier, later in zip(times, times[1:])]
        assert gaps and all(gap <= half + dt.timedelta(days=1) for gap in gaps)
        assert all(gap >= half - dt.timedelta(days=1) for gap in gaps[1:])


def test_a_bins_expiry_is_more_than_half_and_at_most_a_lifetime_away_on_its_slots_grid():
    now = T0
    for index in range(64):
        name = f"bin-{index:02x}"
        expires = bin_expiry(name, now)
        assert now + LIFETIME["bins"] / 2 < expires <= now + LIFETIME["bins"]
        # re-signed any day before it falls due, it keeps the same due day: its slot
        assert bin_expiry(name, now + dt.timedelta(days=3)) - LIFETIME["bins"] / 2 in (
            expires - LIFETIME["bins"] / 2, expires)
    slots = {bin_expiry(f"bin-{i:02x}", now) for i in range(64)}
    assert len(slots) == RENEWAL_SLOTS
