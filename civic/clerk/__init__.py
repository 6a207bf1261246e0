"""The clerks' to-do list: every queue the areas registered (civic.clerk_queues)."""
