"""The one writer of the guest row's derived columns (name key, search tokens, primary contacts,
consent state, visit summary, late_from, referral settlement)."""
