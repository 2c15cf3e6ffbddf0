"""Below everything: the errors the core raises, its messages in the user's language, progress
callbacks and safe file writing. Imports nothing else of the core."""
