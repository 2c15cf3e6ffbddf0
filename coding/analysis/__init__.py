"""Reading a project to answer questions: retrieval and search, groups, crosstabs and matrices,
co-occurrence, word counts, the summary grid. New statistics (e.g. intercoder agreement) go here."""
