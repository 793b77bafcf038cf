"""The editorial workflow: draft -> published (claims: also retracted), and who may do what."""
