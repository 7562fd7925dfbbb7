"""Naive versions of the rules, written from product.md without the shortcuts production takes
(SQL summaries, summary columns): what the tests hold the read models to."""
