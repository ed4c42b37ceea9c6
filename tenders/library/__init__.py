"""The content library: reusable passages, kept fresh, copied into the mémoire with their source."""
