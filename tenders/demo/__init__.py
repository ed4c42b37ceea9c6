"""The demo collective: the 17 structures of Phare, a PTCE of the Valenciennois and Cambrésis."""
