"""Entry point for gunicorn: ``gunicorn -w 4 wsgi:app`` (reads DATABASE_URL and friends)."""

from civic import create_app

app = create_app()
