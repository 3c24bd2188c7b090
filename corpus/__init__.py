"""Corpus: the WARC archive, article records, duplicates and exports."""
