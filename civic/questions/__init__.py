"""Public question time at council meetings (docs/rules.md §7)."""
