"""Each way a real network fails names its real cause, against a loopback fault server (tests/server.py).

Every case also leaves the laptop's edition as it was.
"""

from __future__ import annotations

import datetime as dt
import socket
import time

import pytest

from reader.core.editions.fetcher import ProxyAuthRequired, ProxyAwareFetcher
from reader.core.editions.sync import sync
from reader.core.errors import SyncNetworkError, SyncRefused
from tests.publishing import NOW, Publisher, edition, make_laptop
from tests.server import Proxy, Server


def assert_unchanged(lib, name):
    assert lib.current_name() == name
    assert len(lib.open().manual.chapters) == 40


@pytest.fixture
def no_proxy_settings(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                 "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_captive_portal_is_named_as_a_web_page_to_sign_in_to(laptop, server):
    lib, name = laptop
    server.misbehave["*"] = "portal"
    with pytest.raises(SyncNetworkError, match="the network returned a web page.*sign in to the Wi-Fi"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_a_portal_page_in_place_of_a_chapter_is_the_portal_not_a_failed_verification(laptop, repo, server):
    lib, name = laptop
    target = next((repo / "targets" / "chapters").glob("*.referrals.md")).name
    server.misbehave[target] = "portal"
    with pytest.raises(SyncNetworkError, match="web page.*sign in to the Wi-Fi"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_a_proxy_that_wants_credentials_says_407_and_names_the_proxy(laptop, server, no_proxy_settings):
    lib, name = laptop
    proxy = Proxy()
    try:
        no_proxy_settings.setenv("http_proxy", proxy.url)  # the system's proxy setting, as on Linux
        with pytest.raises(SyncNetworkError, match=rf"the proxy {proxy.url} needs a user name and password \(407\)"):
            sync(lib, server.url)
        assert proxy.asked and proxy.asked[0].startswith(f"GET {server.url}/metadata/")
    finally:
        proxy.stop()
    assert_unchanged(lib, name)


def test_an_https_proxy_tunnel_refused_with_407_is_the_same_cause():
    proxy = Proxy()
    try:
        fetcher = ProxyAwareFetcher(timeout=2, proxies={"https": proxy.url})
        with pytest.raises(ProxyAuthRequired) as raised:
            list(fetcher.fetch("https://updates.example.org/metadata/timestamp.json"))
        assert raised.value.proxy == proxy.url
        assert proxy.asked == ["CONNECT updates.example.org:443"]
    finally:
        proxy.stop()


def test_a_proxy_that_is_down_is_named(laptop, server, no_proxy_settings):
    lib, name = laptop
    down = f"http://127.0.0.1:{closed_port()}"
    no_proxy_settings.setenv("http_proxy", down)
    with pytest.raises(SyncNetworkError, match=rf"the proxy {down} \(from this computer's proxy settings\) "
                                               "cannot be reached"):
        sync(lib, server.url, timeout=2)
    assert_unchanged(lib, name)


def test_a_proxy_is_not_used_for_an_address_the_settings_exempt(laptop, server, no_proxy_settings):
    lib, _ = laptop
    no_proxy_settings.setenv("http_proxy", f"http://127.0.0.1:{closed_port()}")
    no_proxy_settings.setenv("no_proxy", "127.0.0.1")
    assert not sync(lib, server.url).up_to_date


def test_no_repository_at_the_address_says_check_the_address(laptop, server):
    lib, name = laptop
    wrong = f"{server.url}/procedures"
    with pytest.raises(SyncNetworkError, match=rf"there is no update repository at {wrong} .*check the address"):
        sync(lib, wrong)
    assert_unchanged(lib, name)


def test_a_missing_chapter_is_not_called_a_wrong_address(laptop, repo, server):
    lib, name = laptop
    target = next((repo / "targets" / "chapters").glob("*.referrals.md")).name
    server.misbehave[target] = "404"
    with pytest.raises(SyncNetworkError, match="lacks a file of the edition") as raised:
        sync(lib, server.url)
    assert "check the address" not in str(raised.value)
    assert_unchanged(lib, name)


def test_retry_after_within_the_deadline_is_waited_out_and_the_sync_completes(laptop, server):
    lib, name = laptop
    server.httpd.retry_after = {"names": {"timestamp.json"}, "times": 1, "seconds": 1}
    start = time.monotonic()
    report = sync(lib, server.url, deadline=10)
    assert time.monotonic() - start >= 1
    assert report.edition != name and lib.current_name() == report.edition
    assert server.requests.count("/metadata/timestamp.json") == 2


def test_retry_after_past_the_deadline_is_not_waited_and_says_when(laptop, server):
    lib, name = laptop
    server.httpd.retry_after = {"names": {"timestamp.json"}, "times": 1, "seconds": 3600}
    start = time.monotonic()
    with pytest.raises(SyncNetworkError, match=r"busy \(503\) and asks to try again in 60 minutes"):
        sync(lib, server.url, deadline=10)
    assert time.monotonic() - start < 5
    assert_unchanged(lib, name)


@pytest.fixture
def expired_laptop(tmp_path):
    """(library, edition name, server): a laptop, and a server whose newer edition was signed 30 days ago."""
    publisher = Publisher(tmp_path / "repo", now=NOW - dt.timedelta(days=30))
    files = edition()
    publisher.publish(files, minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    publisher.publish(files)
    server = Server(publisher.repo)
    yield lib, lib.current_name(), server
    server.stop()


def test_a_laptop_clock_ahead_of_the_server_is_named_not_the_publisher(expired_laptop):
    # the laptop's clock is 30 days ahead of the server's: by the server's clock the edition is fresh
    lib, name, server = expired_laptop
    server.httpd.clock = -30 * 86400
    with pytest.raises(SyncRefused, match="this computer's clock is wrong.*set the date and time right") as raised:
        sync(lib, server.url)
    assert "publisher" not in str(raised.value)
    assert_unchanged(lib, name)


def test_an_edition_expired_by_the_servers_own_clock_is_the_publishers(expired_laptop):
    lib, name, server = expired_laptop
    with pytest.raises(SyncRefused, match="the publisher must re-sign it"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_a_download_cut_short_is_a_network_error_not_a_failed_verification(laptop, repo, server):
    lib, name = laptop
    target = next((repo / "targets" / "chapters").glob("*.referrals.md")).name
    server.misbehave[target] = "cut"
    with pytest.raises(SyncNetworkError, match=r"the connection broke during the download \(.*cut short"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_cut_metadata_is_a_network_error_too(laptop, server):
    lib, name = laptop
    server.misbehave["timestamp.json"] = "cut"
    with pytest.raises(SyncNetworkError, match="the connection broke during the download"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


def test_one_connection_carries_the_whole_sync(laptop, server):
    lib, _ = laptop
    report = sync(lib, server.url)
    assert not report.up_to_date
    assert len(server.requests) >= 5  # roots, timestamp, snapshot, a bin, the chapter
    assert len(server.connections) == 1


def test_the_whole_sync_has_a_deadline_whatever_each_file_is_allowed(laptop, server):
    lib, name = laptop
    server.misbehave["timestamp.json"] = "hang"
    server.httpd.hang_seconds = 4
    start = time.monotonic()
    with pytest.raises(SyncNetworkError, match="took longer than 1 s altogether"):
        sync(lib, server.url, timeout=30, deadline=60, overall=1)
    assert time.monotonic() - start < 3
    assert_unchanged(lib, name)


def test_gzip_is_accepted_and_the_bytes_counted_are_those_on_the_wire(tmp_path, publisher, server):
    files = edition()
    publisher.publish(files, minutes=-10)
    plain, zipped = make_laptop(publisher.repo, tmp_path / "a"), make_laptop(publisher.repo, tmp_path / "b")
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    publisher.publish(files)
    sent_plain = sync(plain, server.url).bytes
    server.misbehave["*"] = "gzip"
    report = sync(zipped, server.url)
    assert "A new paragraph." in zipped.open().manual.chapter("referrals").body
    assert report.bytes < sent_plain * 0.6
