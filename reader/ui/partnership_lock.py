"""The partnership button and its menu entry when the organisation's policy locks the partnership.

Disabled, not hidden: the practitioner still sees which partnership the
procedures are for, and the tooltip and the accessible description say why it
cannot be changed (a screen reader reads the description of a disabled button).
"""

from __future__ import annotations

from reader.core import labels
from reader.core.errors import ReaderError

CHANGE = "Change partnership (Ctrl+B)"


def reason(window) -> str | None:
    """Why the window's partnership cannot be changed, or None when it can."""
    policy = window.policy
    if not policy.locks("board"):
        return None
    try:
        name = window.edition.manual.board(policy.partnership).name
    except ReaderError:  # a partnership this edition does not hold: its slug, as the policy gives it
        name = policy.partnership
    return labels.partnership_locked(name, policy.source)


def show(window) -> None:
    """Enable or disable the button and the menu entry (window.board_action) for the policy in force."""
    why = reason(window)
    button, action = window.board_button, window.board_action
    button.setEnabled(why is None)
    action.setEnabled(why is None)
    button.setToolTip(why or CHANGE)
    button.setAccessibleDescription(why or CHANGE)
    action.setToolTip(why or action.text().replace("&", ""))
    window.view_menu.setToolTipsVisible(why is not None)  # a disabled entry: its tooltip is where its reason is read
