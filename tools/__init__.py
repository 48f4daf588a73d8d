"""The repository's development tools: run from the repository root, never installed."""
