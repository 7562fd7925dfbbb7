"""PostgreSQL (issue 19): the engine and the schema's upgrade on a server. The read models'
PostgreSQL SQL joins here beside storage/sqlite/ as the app learns to run on it."""
