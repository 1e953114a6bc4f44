"""Shared infrastructure: export writers, abuse limits, mail tasks, languages, logging,
security headers and database resilience.

The bottom layer: the site, participation and surveys import from here, and nothing
here imports from them (the import-linter contract in pyproject.toml keeps it so).
"""
