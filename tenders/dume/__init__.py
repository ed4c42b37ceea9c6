"""The DUME of a tender: the buyer's ESPD Request the coordination uploads, kept and read."""
