"""Outgoing mail: messages are written to a table, then delivered by a background job."""
