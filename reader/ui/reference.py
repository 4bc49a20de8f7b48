"""Contacts and glossary: the chosen partnership's numbers, and the manual's abbreviations."""

from __future__ import annotations

from reader.core import labels
from reader.core.contacts import board_contacts
from reader.core.glossary import harvest_abbreviations
from reader.core.model import Manual
from reader.ui.lists import ListDialog, Row

# Words, not signs: the telephone and link emoji draw as empty boxes without an emoji font.
KIND_LABEL = {"telephone": "Telephone", "email": "E-mail", "web": "Web"}


def contact_rows(manual: Manual, board: str | None) -> list[Row]:
    if board is None:
        return []
    rows = []
    for c in board_contacts(manual, board):
        said = f"{c.lead_in} {c.sentence}" if c.lead_in else c.sentence
        place = c.chapter_title + (f" › {c.section}" if c.section else "")
        # The words beside the number ("Out of Hours") in a column of their own: in the sentence
        # they are cut off by the column's width, and a tooltip is not where a number is told apart.
        rows.append(Row((KIND_LABEL[c.kind], c.value, c.label, said, place), c.chapter, c.value, c.occurrence,
                        key=c.href, tooltip=said))
    return rows


class ContactsDialog(ListDialog):
    def __init__(self, parent=None):
        super().__init__("Contacts", ("Kind", "Number or address", labels.CONTACT_LABEL, "What the procedure says",
                                      "Where"), parent,
                         placeholder="Filter contacts (e.g. LADO, MASH, out of hours)")

    def show_board(self, manual: Manual, board: str | None, board_name: str) -> None:
        self.setWindowTitle(f"Contacts: {board_name}")
        empty = ("Choose your partnership first (Ctrl+B): contacts come from its local procedures."
                 if board is None else
                 f"{board_name}'s local procedures in this edition give no telephone numbers, "
                 "e-mail addresses or web links.")
        self.set_rows(contact_rows(manual, board), empty)


def glossary_rows(manual: Manual, board: str | None) -> list[Row]:
    # Only chapters the reader's partnership uses: another board's local
    # protocol is not where their abbreviation is defined.
    scoped = Manual(manual.boards, tuple(manual.chapters_for(board)), manual.register)
    rows = []
    for abbr in sorted(harvest_abbreviations(scoped).values(), key=lambda a: a.short.lower()):
        title = manual.chapter(abbr.chapter).title
        rows.append(Row((abbr.short, abbr.expansion, title), abbr.chapter, f"({abbr.short})", key=abbr.short))
    return rows


class GlossaryDialog(ListDialog):
    def __init__(self, parent=None):
        super().__init__("Glossary", ("Abbreviation", "The manual's words", "Defined in"), parent,
                         placeholder="Filter abbreviations")

    def show_manual(self, manual: Manual, board: str | None) -> None:
        self.set_rows(glossary_rows(manual, board), "The manual spells out no abbreviations.")
