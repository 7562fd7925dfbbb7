"""The chef's agenda: the calls of the day, read from the database, and their outcomes."""
