"""Editions on the laptop: their lifecycle from arrival to the window.

    library.py      the editions on disk: install, adopt a verified one, open at start
                    with fallback to the last good one, then the bundled one
    opened.py       Opened: a verified edition as the window and the commands use it
    early_open.py   verifying and reading it in a forked child while Qt loads
    sync.py         delta sync with python-tuf's client, in named steps
    tuf_client.py   the TUF metadata python-tuf verified, kept in DATA/tuf/
    fetcher.py      HTTP for sync: the system proxy, timeouts, redirects
    state.py        what the reader remembers of its syncs (state.json), the sync lock

This file imports nothing: the window's start-up path imports opened.py and
early_open.py only, never the library, TOML or python-tuf before the first paint.
"""
