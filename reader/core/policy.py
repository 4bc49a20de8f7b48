"""The organisation's policy: what IT presets on every laptop, and which of it a user may change.

One TOML file, system-wide, in each platform's conventional place (the first
that exists is used; READER_POLICY_FILE names another, for tests and for a
deployment that keeps it elsewhere):

    Linux    /etc/xdg/procedures-reader/policy.toml, or the same under each
             folder of $XDG_CONFIG_DIRS (first folder first)
    Windows  %ProgramData%\\procedures-reader\\policy.toml (not the registry)
    macOS    /Library/Preferences/procedures-reader/policy.toml

    sync_urls = ["https://procedures.example.org/repo/", "https://mirror.example.net/repo/"]
    partnership = "walsall"
    auto_sync = true
    locked = ["sync_urls", "partnership"]     # the user may change the rest

A value that is not locked is where a laptop starts: the user may change it.
A damaged file (not TOML, or a value of the wrong shape) never stops the
reader: what can be used of it applies, and `problem` says in one line what
could not and what applies instead. No Qt here.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

APP = "procedures-reader"
FILE = "policy.toml"
ENV = "READER_POLICY_FILE"
MAX_BYTES = 64 * 1024  # a policy is a few lines; more is not one
MAX_URLS = 10
# policy key -> the Settings field it presets
SETTING = {"sync_urls": "sync_url", "partnership": "board", "auto_sync": "auto_sync"}
MANAGED = "Set by your organisation"


@dataclass(frozen=True)
class Policy:
    sync_urls: tuple[str, ...] = ()  # the publisher's address, then its mirrors, tried in order
    partnership: str | None = None
    auto_sync: bool | None = None
    locked: frozenset[str] = frozenset()  # policy keys (SETTING) the user may not change
    source: Path | None = None  # the file read, if any
    problem: str | None = None  # what could not be used of it, in one line

    def locks(self, setting: str) -> bool:
        """Whether the Settings field `setting` (sync_url, board, auto_sync) is the organisation's, not the user's."""
        return any(SETTING[key] == setting for key in self.locked)

    def managed_note(self, setting: str) -> str:
        return f"{MANAGED} ({self.source})" if self.source else MANAGED

    def refuses_partnership(self, slug: str) -> bool:
        """Whether asking for partnership `slug` (a command's --board) goes against the organisation's lock."""
        return self.locks("board") and slug != self.partnership

    def apply(self, settings, stored: set[str]):
        """The settings in effect: a locked value always, an unlocked one where the user has set nothing
        (`stored`: the Settings fields the user's file holds). sync_url is left alone: see addresses()."""
        changes = {}
        if self.partnership is not None and (self.locks("board") or "board" not in stored or settings.board is None):
            changes["board"] = self.partnership
        if self.auto_sync is not None and (self.locks("auto_sync") or "auto_sync" not in stored):
            changes["auto_sync"] = self.auto_sync
        return replace(settings, **changes)

    def addresses(self, user_url: str | None, edition_url: str | None) -> tuple[str, ...]:
        """Where to sync from, in order: the policy's when locked; else the user's own address;
        else the policy's; else the one the edition names."""
        if self.sync_urls and (self.locks("sync_url") or not user_url):
            return self.sync_urls
        if user_url:
            return (user_url,)
        return (edition_url,) if edition_url else ()


def candidates(environ=os.environ, platform: str = sys.platform) -> list[Path]:
    """Where the policy file may be, most important first."""
    if ENV in environ:
        return [Path(environ[ENV])]
    if platform.startswith("win"):
        base = environ.get("ProgramData") or environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return [Path(base) / APP / FILE]
    if platform == "darwin":
        return [Path("/Library/Preferences") / APP / FILE]
    dirs = [d for d in (environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":") if d]
    return [Path(d) / APP / FILE for d in dirs]


def load(environ=os.environ, platform: str = sys.platform) -> Policy:
    """The policy in force; Policy() if there is none. Never raises: a damaged file is a `problem`."""
    for path in candidates(environ, platform):
        try:
            with open(path, "rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            continue
        except OSError as exc:
            return Policy(source=path, problem=_problem(path, f"it cannot be read ({exc.strerror or exc})"))
        return parse(raw, path)
    return Policy()


def parse(raw: bytes, path: Path) -> Policy:
    if len(raw) > MAX_BYTES:
        return Policy(source=path, problem=_problem(path, f"it is larger than {MAX_BYTES // 1024} KB"))
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Policy(source=path, problem=_problem(path, f"it is not valid TOML ({exc})"))
    values, bad = {}, []
    for key, check in _CHECKS.items():
        if key in table:
            value = check(table[key])
            if value is None:
                bad.append(key)
            else:
                values[key] = value
    unknown = sorted(k for k in table if k not in _CHECKS)
    locked = values.pop("locked", frozenset())
    unset = sorted(k for k in locked if k not in values)  # locking what the file does not give locks nothing
    policy = Policy(**values, locked=frozenset(k for k in locked if k in values), source=path)
    parts = []
    if bad:
        parts.append(f"{', '.join(bad)} could not be used")
    if unknown:
        parts.append(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a policy setting")
    if unset:
        parts.append(f"locked names {', '.join(unset)} without a value")
    if parts:
        policy = replace(policy, problem=f"The organisation's policy file {path}: {'; '.join(parts)}. "
                                         f"{_applies(policy)}")
    return policy


def _urls(value):
    if isinstance(value, str):
        value = [value]
    if (not isinstance(value, list) or not 0 < len(value) <= MAX_URLS
            or not all(isinstance(u, str) and 0 < len(u) <= 2000 and u.startswith(("http://", "https://"))
                       for u in value)):
        return None
    return tuple(value)


def _locked(value):
    if not isinstance(value, list) or not all(isinstance(k, str) and k in SETTING for k in value):
        return None
    return frozenset(value)


_CHECKS = {
    "sync_urls": _urls,
    "partnership": lambda v: v if isinstance(v, str) and 0 < len(v) <= 100 else None,
    "auto_sync": lambda v: v if type(v) is bool else None,
    "locked": _locked,
}


def _applies(policy: Policy) -> str:
    given = [k for k in SETTING if getattr(policy, k) not in (None, ())]
    if not given:
        return "Nothing of it applies: the reader's own settings are in use."
    locked = [k for k in given if k in policy.locked]
    return (f"What applies of it: {', '.join(given)}"
            + (f" (locked: {', '.join(locked)})" if locked else "") + "; the rest is the reader's own settings.")


def _problem(path: Path, why: str) -> str:
    return f"The organisation's policy file {path} was not used: {why}. The reader's own settings are in use."
