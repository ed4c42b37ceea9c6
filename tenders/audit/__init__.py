"""Who did what, when, on which object."""
