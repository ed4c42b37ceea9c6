"""Consortia (groupements): drafted from the matching proposal, completed by the coordinator."""
