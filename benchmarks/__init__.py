"""Reproducible performance runs (see README.md); each script also runs on its own."""
