"""Audit: checks that find what does not hold in a report or a project, each finding quoting
the text and saying where. See :mod:`jixiao.audit.base` for the check registry."""

from .base import Certainty, Check, CheckRegistry, Finding, Location, default_checks, run_audit
from .subject import Subject, from_import, from_project

__all__ = ["Certainty", "Check", "CheckRegistry", "Finding", "Location", "Subject", "default_checks", "from_import",
           "from_project", "run_audit"]
