"""Votations (docs/rules.md §4, §9): the charter's citizens' votes (votations citoyennes:
asked by petition, recall, or decided by the council) and the law's local referendum and
consultation of the electors, held at polling stations."""
