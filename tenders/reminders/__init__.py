"""Reminders: every deadline e-mailed in time, once, in French; deadlines pages and calendars."""
