"""app/gui"""
