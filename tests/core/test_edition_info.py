"""edition.toml is signed, but only an ISO date and a web address are taken from it (issue 14, finding 11b)."""

import pytest

from reader.core.library import edition_info


@pytest.mark.parametrize("toml, as_of, url", [
    ('as_of = "2026-01-01"\nsync_url = "https://example.org/p"\n', "2026-01-01", "https://example.org/p"),
    ("as_of = 2026-01-01\n", "2026-01-01", None),  # a TOML date
    ("as_of = 2026-01-01T10:00:00\n", "unknown", None),  # a date-time is not the day of an edition
    ('as_of = "<b>x</b>"\nsync_url = "javascript:alert(1)"\n', "unknown", None),
    ('as_of = "2026-01-01<b>"\nsync_url = 5\n', "unknown", None),
    ('as_of = "20260101"\n', "unknown", None),
    ("as_of = 5\n", "unknown", None),
    ("as_of = [1]\n", "unknown", None),
    ("not toml", "unknown", None),
])
def test_only_a_date_and_a_web_address(tmp_path, toml, as_of, url):
    (tmp_path / "edition.toml").write_text(toml, encoding="utf-8")
    assert edition_info(tmp_path) == {"as_of": as_of, "sync_url": url}


def test_a_file_that_is_not_text(tmp_path):
    (tmp_path / "edition.toml").write_bytes(b"\xff\xfe as_of")
    assert edition_info(tmp_path)["as_of"] == "unknown"
