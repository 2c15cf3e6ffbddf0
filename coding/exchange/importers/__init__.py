"""Readers that turn user files into plain data for the core (no database access here)."""
