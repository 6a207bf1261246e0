"""Participatory budget (design §6): set-up, proposals, review, vote, results, follow-up."""
