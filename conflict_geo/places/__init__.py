"""Places: the gazetteer, boundaries, extra gazetteers and geoparsing."""
