"""Neighbourhood councils, partly drawn by lot (design §5)."""
