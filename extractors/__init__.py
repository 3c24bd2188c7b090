"""Extractors: Vietnamese text to typed figures, party documents and persons."""

EXTRACTOR_VERSION = "0.2.0"   # 0.2: learned category and period choice (extractors/learned/)
