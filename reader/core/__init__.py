"""The reader's core: everything but the windows. Never imports Qt."""
