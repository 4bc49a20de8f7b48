"""Offline reader for the West Midlands regional child protection procedures."""

__version__ = "0.1.0"
