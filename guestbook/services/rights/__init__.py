"""Guests' data rights (RGPD): access, erasure, retention, and the audit of what was done."""
