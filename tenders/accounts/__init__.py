"""People, roles, sessions and the links sent to set a password."""
