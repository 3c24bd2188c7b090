"""Extractors: Vietnamese text to typed figures, party documents and persons."""

EXTRACTOR_VERSION = "0.2.0"   # 0.2: issue 11 category and period rules; learned models when shipped (extractors/learned/)
