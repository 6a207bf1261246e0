"""Participatory budget (docs/rules.md §6): set-up, proposals, review, vote, results, follow-up."""
