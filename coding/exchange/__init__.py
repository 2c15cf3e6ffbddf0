"""Files from and to other tools, without a database: transcript importers, codebook and
interview-guide formats, variable tables, Office-file guards, spreadsheet cells. New import and
export formats (REFI-QDA, noScribe, …) go here."""
