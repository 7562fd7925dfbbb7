"""Importing a guest list: read, match, store, undo."""
