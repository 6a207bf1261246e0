"""Public question time at council meetings (design §7)."""
