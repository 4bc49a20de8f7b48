"""A partnership the organisation locks: its button and menu entry disabled in the window, saying why."""

from reader.core.policy import Policy


def test_a_locked_partnership_disables_the_button_and_its_menu_entry_saying_why(make_window, tmp_path):
    (tmp_path / "policy.toml").write_text('partnership = "dudley"\nlocked = ["partnership"]\n')  # READER_POLICY_FILE
    window = make_window(board=None)
    why = f"The partnership is set by your organisation: Dudley (policy file {tmp_path / 'policy.toml'})"
    assert window.settings.board == "dudley" and window.board_button.text() == "Partnership: Dudley ▾"
    assert not window.board_button.isEnabled() and not window.board_action.isEnabled()
    assert window.board_button.toolTip() == why and window.board_button.accessibleDescription() == why
    assert window.board_action.toolTip() == why
    assert window.board_action in window.view_menu.actions() and window.view_menu.toolTipsVisible()


def test_an_unlocked_partnership_keeps_its_button_and_entry(make_window, tmp_path):
    (tmp_path / "policy.toml").write_text('partnership = "dudley"\n')  # a preset only: the user may change it
    window = make_window(board=None)
    assert window.board_button.isEnabled() and window.board_action.isEnabled()
    assert window.board_button.toolTip() == "Change partnership (Ctrl+B)"
    assert window.board_button.accessibleDescription() == "Change partnership (Ctrl+B)"
    assert not window.view_menu.toolTipsVisible()


def test_a_lock_lifted_enables_them_again(make_window):
    window = make_window()
    window.policy = Policy(partnership="walsall", locked=frozenset({"partnership"}))
    assert not window.board_button.isEnabled() and "set by your organisation: Walsall" in window.board_button.toolTip()
    window.policy = Policy()
    assert window.board_button.isEnabled() and window.board_action.isEnabled()
    assert window.board_button.toolTip() == "Change partnership (Ctrl+B)"
