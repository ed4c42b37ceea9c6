"""Outcomes of bids, their execution, and the collective's figures."""
