"""tests/coding"""
