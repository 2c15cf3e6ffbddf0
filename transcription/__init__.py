"""transcription"""
