"""The error log file in the data directory (issue 13 §4)."""

from __future__ import annotations

import logging
from pathlib import Path


class DataDirectoryFileHandler(logging.FileHandler):
    """A file handler that makes its directory at the first record and never breaks a request:
    a log file that cannot be written is reported on standard error (``handleError``)."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename, encoding="utf-8", delay=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is None:
                Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
            super().emit(record)
        except OSError:
            self.handleError(record)
