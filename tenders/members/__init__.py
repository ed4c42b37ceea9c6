"""The collective's member organisations (structures)."""
