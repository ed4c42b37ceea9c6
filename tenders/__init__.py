"""Cordée: a collaborative tender response platform for ESS collectives."""

__version__ = "0.1.0"
