"""Maps: the ConflictMap builder, offline HTML and exports."""
