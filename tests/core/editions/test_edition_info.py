"""edition.toml is signed, but only an ISO date and a web address are taken from it (issue 14, finding 11b)."""

import pytest

from reader.core.editions.library import edition_info


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
def test_only_a_date_and_a_web_address(toml, as_of, url):
    assert edition_info(toml.encode("utf-8")) == {"as_of": as_of, "sync_url": url}


def test_a_file_that_is_not_text():
    assert edition_info(b"\xff\xfe as_of")["as_of"] == "unknown"
    assert edition_info(None)["as_of"] == "unknown"


def test_open_takes_the_as_of_date_from_the_bytes_it_verified(tmp_path, monkeypatch):
    """A file swapped in after the check must not reach the window (one read, as for chapters)."""
    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository, trusted_root_file

    library = Library(tmp_path, trusted_root_file().read_bytes(), bundled_repository())
    signed = library.open().as_of
    verify = Library.verify

    def verify_then_swap(self, name):
        verified = verify(self, name)
        (self.editions / name / "edition.toml").write_text('as_of = "1999-01-01"\n', encoding="utf-8")
        return verified

    monkeypatch.setattr(Library, "verify", verify_then_swap)
    assert signed != "1999-01-01" and library.open().as_of == signed
