"""Alembic migration scripts, shipped as package data."""
