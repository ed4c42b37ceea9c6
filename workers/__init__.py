"""Celery app and tasks: they take ids, re-read state, and are safe to run twice."""
