"""Bid packages: template versions, compile jobs and the compiled, versioned packages."""
