"""The watch (« veille ») of BOAMP and TED."""
