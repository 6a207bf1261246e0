"""In-app notifications (and mail when configured) for residents."""
