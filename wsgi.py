"""Entry point for gunicorn: ``gunicorn -w <cores> wsgi:app`` (reads DATABASE_URL and friends)."""

from civic import create_app

app = create_app()
