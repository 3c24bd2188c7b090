"""Extractors: Vietnamese text to typed figures, party documents and persons."""

EXTRACTOR_VERSION = "0.1.0"
