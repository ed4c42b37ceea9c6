"""What every page and API route shares: authentication, errors, rendering."""
