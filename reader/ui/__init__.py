"""The window: a thin PySide6 layer over reader.core."""
