"""Votations: local referendum, recall vote and council-initiated consultations (docs/rules.md
§4)."""
