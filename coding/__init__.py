"""Andock's domain core: projects, documents, codebook, segments, coders, variables, queries.

No Qt here (checked by import-linter); the GUI and the CLI in ``app`` both use this API.
"""
__version__ = "0.1.0"
