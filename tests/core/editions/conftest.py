"""The laptop most sync tests start from: one edition behind the server."""

import pytest


@pytest.fixture
def laptop(tmp_path, publisher, server):
    """(library, its edition's name): a laptop of the current edition while `server` holds
    the next, which adds "A new paragraph." to referrals."""
    from tests.publishing import edition, make_laptop

    files = edition()
    publisher.publish(files, minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    files["chapters/referrals.md"] = files["chapters/referrals.md"] + b"\nA new paragraph.\n"
    publisher.publish(files)
    return lib, lib.current_name()
