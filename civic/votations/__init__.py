"""Votations: local referendum, recall vote and council-initiated consultations (design §4)."""
