"""Participatory bodies other than neighbourhood councils, the lobby register, document
requests and two-stage civic lotteries (issue 20)."""
