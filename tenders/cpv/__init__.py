"""The Common Procurement Vocabulary: codes, their place in the tree, their French labels."""

from tenders.cpv.codes import CpvCode, CpvError, Level, check_digit, descendant_range, parse

__all__ = ["CpvCode", "CpvError", "Level", "check_digit", "descendant_range", "parse"]
