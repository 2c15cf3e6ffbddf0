"""tests/transcription"""
