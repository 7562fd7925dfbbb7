"""Visits from the till: a file of tickets read, matched to guests, recorded, undone."""
