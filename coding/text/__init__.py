"""Plain text, no database: the characters the project accepts, decoding files, remapping
positions through edits, word and paragraph helpers. Code-point offsets throughout."""
