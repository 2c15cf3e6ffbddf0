"""What a user does to a project, one function per operation inside an action: documents, codes
and the codebook, codings, memos, coders, speakers, variables, summaries, text edits, the
transcription queue, the demo project."""
