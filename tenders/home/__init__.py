"""The first pages: home dashboard and health check."""
