"""jixiao: performance evaluation of public project spending (项目支出绩效评价).

The public API lives here. The pipeline is ``load → score → audit → render``; see
``src/jixiao/docs.md`` for what each module owns.
"""

from . import pipeline
from .diagnostics import CODES, Diagnostic, Severity, Source, has_errors
from .frameworks import builtin_names, load_framework, validate_framework
from .model import Fact, Framework, Funds, Goal, Indicator, Project, Target, parse_target
from .project import Loaded, load_project, load_project_text
from .rules import Evaluation, Quantity, RuleError, RuleKind, RuleRegistry, default_registry
from .score import Result, Scored, grade_for, score_project

__version__ = "0.1.0"

__all__ = [
    "CODES",
    "Diagnostic",
    "Evaluation",
    "Fact",
    "Framework",
    "Funds",
    "Goal",
    "Indicator",
    "Loaded",
    "Project",
    "Quantity",
    "Result",
    "RuleError",
    "RuleKind",
    "RuleRegistry",
    "Scored",
    "Severity",
    "Source",
    "Target",
    "builtin_names",
    "default_registry",
    "grade_for",
    "has_errors",
    "load_framework",
    "load_project",
    "load_project_text",
    "parse_target",
    "pipeline",
    "score_project",
    "validate_framework",
]
