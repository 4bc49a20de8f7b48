"""Trust: what makes an edition fit to show.

    layout.py       the file shapes an edition may hold, whoever signed it
    signatures.py   TUF metadata parsed and its signature thresholds checked, with
                    `cryptography` alone; the one place that parses delegations
                    (the hash bins, and the partnerships' layer)
    partnerships.py who may sign which file: a delegated partnership its own Level C,
                    the shared roles the rest; and a chapter's scope agreeing with it
    verify.py       the offline check: the root chain from the pinned root, then
                    timestamp, snapshot, targets, bins and every file, read once

Nothing here imports python-tuf (sync does, reader.core.editions.sync), and this
file imports nothing, so that using one module does not load the others.
"""
