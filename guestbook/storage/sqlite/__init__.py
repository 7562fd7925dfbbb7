"""SQLite's side of the storage layer: every statement that only SQLite understands (its
INDEXED BY, date functions, GLOB, printf, group_concat, PRAGMAs, `?` parameters) and the raw
DB-API fast paths, behind named functions that take a SQLAlchemy connection.

These functions are the interface a PostgreSQL module implements next (the groups issue):
services call them by name and never write SQLite's dialect themselves.
"""
