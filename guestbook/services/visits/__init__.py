"""Visits, referrals and their reports."""
