"""Neighbourhood councils, partly drawn by lot (docs/rules.md §5)."""
