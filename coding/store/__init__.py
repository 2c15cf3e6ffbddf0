"""The project database: the file (or team server) and its safety, the schema and migrations,
and the history that makes every action one undoable transaction. Knows no file formats."""
