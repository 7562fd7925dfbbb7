"""Guests: create, edit, card, list pages, search, duplicates, merge."""
