"""CLI command groups: each module defines `register(app)` adding its commands to the `danvan` app.

The order here is the order of `danvan --help`.
"""
COMMAND_MODULES = [
    "pipeline.commands.core",
    "pipeline.commands.crawl",
    "pipeline.commands.probe",
    "pipeline.commands.extraction",
    "pipeline.commands.digest",
    "pipeline.commands.corpus",
    "pipeline.commands.analytics",
    "pipeline.commands.bench",
    "pipeline.commands.bench_parse",
    "pipeline.commands.bench_corpus",
    "pipeline.commands.bench_store",
]
