"""The pipeline: load → score → audit → render, the one way every shell runs the stages.

Like beancount's loader it reads as a script: each function below is the list of its stages, each
stage a plain function of the core that returns its diagnostics beside its output instead of
raising, so one run reports every problem at once. The CLI commands (``score``, ``check``,
``report``, ``review``, ``monitor``, ``self-eval``) and storage's ``evaluate`` (and through it the web)
call these functions and nothing below them; batch review's workers run what :func:`review` runs,
:func:`jixiao.review.review_file`. The stages never call back up here (tests/test_architecture.py).

The error policy, the same for every shell:

* **A run stops only when the project cannot be built** (the YAML does not parse, the framework or
  the funds cannot be read …): no stage after the loader has anything to work on. The run is
  ``stopped``: no output, only the diagnostics.
* **Every other error is carried on with and marked.** An error in the data (a mistyped fact, a
  missing one, a figure that cannot be divided) does not stop the stages after it: the leaf it
  concerns is scored 0 with its ``problem`` saying why, the rest is scored, and the diagnostics
  of every stage come back together, in stage order. The run is ``complete`` only when no stage
  found an error; otherwise its output is partial and the shell says so (``jixiao score``:
  "存在错误，以上得分不完整") and exits 1. What is shown on the screen, returned as JSON or kept by
  the web sits beside the messages that qualify it, so it is always given.
* **The evaluation report states a total and a grade only from a complete evaluation**
  (:func:`render`). The report states its score as a conclusion in prose ("该项目综合得分为 98
  分"), and it leaves the tool without its diagnostics; a partial total there would read as the
  real one. So the report of an evaluation with errors is a draft, marked 征求意见稿 on its title
  and every page: no total, no grade, no chart, 未评分 in place of each leaf's missing score and
  未完成 in place of each sum over one, and the list of what is missing. Before it is written the
  audit checks that read a project (those ``jixiao review`` runs on a project file) are run on it
  (:func:`audit`): their findings come back as warnings, and while an error among them remains the
  report is a draft too. The forms (monitoring,
  self-evaluation) mark what they could not compute in the row itself ("无法计分：…",
  "未评定档位，暂计0分"), and the review opinion is a list of what is wrong, so like the draft
  these are written whatever the verdict (with exit status 1 when there are errors).

So ``jixiao score`` and ``jixiao report`` agree: both load and score a project with errors and
list every problem; ``score`` prints the partial score, ``report`` writes the draft, the web's
download too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from .diagnostics import Diagnostic, Severity, has_errors
from .forms.monitor import Monitoring
from .forms.monitor import monitor as monitor_project
from .forms.selfeval import SelfEvalForm
from .forms.selfeval import self_evaluate as self_evaluate_project
from .model import Project
from .numbers import ZERO
from .project import Loaded, load_project, load_project_node
from .rules.base import RuleRegistry
from .score import Result, score_project
from .yamlsrc import parse_yaml

if TYPE_CHECKING:  # the review and report machinery load when they are used
    from .audit import CheckRegistry, Finding
    from .report.context import Context
    from .report.renderers import RendererRegistry
    from .review import Review


@dataclass(frozen=True, slots=True)
class Text:
    """A project file given as text (an upload, a stored version): ``name`` is what its messages
    call it, ``base_dir`` the folder its relative paths (records, attachments) start from."""

    text: str
    name: str
    base_dir: Path | None = None


Input = Path | Text


class _Shaped(Protocol):
    def to_json(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=_Shaped)


@dataclass(frozen=True, slots=True)
class Run(Generic[T]):
    """A project file through the stages one output needs: what loaded, the last stage's output
    (``None`` when the run stopped) and the diagnostics of every stage, in stage order."""

    loaded: Loaded
    output: T | None
    diagnostics: tuple[Diagnostic, ...]

    NOTHING: ClassVar[dict[str, Any]] = {}  # the JSON body of a stopped run

    @property
    def project(self) -> Project | None:
        return self.loaded.project

    @property
    def stopped(self) -> bool:
        """The project could not be built: nothing after the loader ran."""
        return self.output is None

    @property
    def complete(self) -> bool:
        """Every stage ran and none found an error: the output is whole."""
        return self.output is not None and not has_errors(self.diagnostics)

    def to_json(self) -> dict[str, Any]:
        """The output's JSON shape with every diagnostic (the same shape when the run stopped)."""
        body = self.output.to_json() if self.output is not None else dict(self.NOTHING)
        return {**body, "diagnostics": [d.to_json() for d in self.diagnostics]}


@dataclass(frozen=True, slots=True)
class Evaluation(Run[Result]):
    """load → score: ``jixiao score --json``, the web API's score and storage's scoring."""

    NOTHING: ClassVar[dict[str, Any]] = {"total": None, "grade": None, "indicators": []}

    @property
    def result(self) -> Result | None:
        return self.output


@dataclass(frozen=True, slots=True)
class Monitored(Run[Monitoring]):
    """load → monitor at a date."""

    NOTHING: ClassVar[dict[str, Any]] = {"as_of": None, "elapsed": None, "items": []}


@dataclass(frozen=True, slots=True)
class SelfEvaluated(Run[SelfEvalForm]):
    """load → the self-evaluation form."""

    NOTHING: ClassVar[dict[str, Any]] = {"total": None, "grade": None, "rows": []}


@dataclass(frozen=True, slots=True)
class Rendered:
    """The report of an evaluation in the formats asked for; no outputs when it was refused.
    ``draft`` when the evaluation was not complete or an audit finding is an error: the report is a
    征求意见稿 without a total. ``holds`` are the error findings and the 【待填写】 warnings, as
    diagnostics: what ``jixiao report --strict`` refuses."""

    stem: str  # the report's file name without suffix: 项目名称+年度+绩效评价报告
    outputs: tuple[tuple[str, bytes], ...]  # (suffix, content), in the order asked
    diagnostics: tuple[Diagnostic, ...]  # the audit's findings (as warnings), then the report builder's
    draft: bool = False
    findings: tuple[Finding, ...] = ()  # the audit's, most serious first
    holds: tuple[Diagnostic, ...] = ()  # the error findings and the 【待填写】 warnings

    @property
    def refused(self) -> bool:
        return not self.outputs


# -- the stages, as each output needs them ------------------------------------------------------


def load(source: Input, registry: RuleRegistry, sets: Sequence[str] = ()) -> Loaded:
    """The project of a file or a text; ``sets`` are ``--set`` overrides (``funds.spent=55``)."""
    if isinstance(source, Path):
        loaded = load_project(source, registry, sets)
        return _what_else(source, loaded) if loaded.project is None else loaded
    node, diags = parse_yaml(source.text, source.name)
    if node is None:
        return Loaded(None, tuple(diags))
    return load_project_node(node, source.base_dir or Path.cwd(), registry, sets, diags)


_NOT_A_PROJECT = frozenset({"file-unreadable", "wrong-type", "yaml-syntax"})


def _what_else(path: Path, loaded: Loaded) -> Loaded:
    """A file that stopped at its first line (not text, not a mapping, no YAML at all) may be a
    report, a form or a workbook given by mistake: say which, and the command that reads it."""
    first = loaded.diagnostics[:1]
    if len(loaded.diagnostics) != 1 or first[0].code not in _NOT_A_PROJECT:
        return loaded
    from .importers.identify import not_a_project

    instead = not_a_project(path)
    return loaded if instead is None else Loaded(None, (instead,))


def score(loaded: Loaded, registry: RuleRegistry) -> Evaluation:
    """Score what loaded (a project file's, or an imported report's), whatever its errors."""
    if loaded.project is None:
        return Evaluation(loaded, None, loaded.diagnostics)
    result = score_project(loaded.project, registry)
    return Evaluation(loaded, result, (*loaded.diagnostics, *result.diagnostics))


def evaluate(source: Input, registry: RuleRegistry, sets: Sequence[str] = ()) -> Evaluation:
    """load → score."""
    return score(load(source, registry, sets), registry)


def monitor(source: Input, registry: RuleRegistry, as_of: dt.date) -> Monitored:
    """load → monitor: goal progress and budget execution at ``as_of``."""
    loaded = load(source, registry)
    if loaded.project is None:
        return Monitored(loaded, None, loaded.diagnostics)
    watched = monitor_project(loaded.project, as_of)
    return Monitored(loaded, watched, (*loaded.diagnostics, *watched.diagnostics))


def self_evaluate(source: Input, registry: RuleRegistry) -> SelfEvaluated:
    """load → the self-evaluation form, its rows scored by ``registry``'s kinds."""
    loaded = load(source, registry)
    if loaded.project is None:
        return SelfEvaluated(loaded, None, loaded.diagnostics)
    form = self_evaluate_project(loaded.project, registry)
    return SelfEvaluated(loaded, form, (*loaded.diagnostics, *form.diagnostics))


def review(path: Path, rules: RuleRegistry, checks: CheckRegistry, tolerance: Decimal = ZERO,
           judged: bool = True) -> Review:
    """import (or load) → score → audit → a reviewer's judgements: see :func:`jixiao.review.review_file`.
    Never stops: what could not be read is in the review's diagnostics."""
    from .review import review_file

    return review_file(path, rules, checks, tolerance, judged)


def audit(result: Result, checks: CheckRegistry) -> tuple[Finding, ...]:
    """The registered checks that read a project (what ``jixiao review`` runs on a project file), on
    a scored one: every finding, most serious first."""
    from .audit import from_project, run_audit

    subject = from_project(result.project, result, Path(result.project.source.file).name)
    return tuple(run_audit(subject, checks))


def _finding_diagnostic(finding: Finding, checks: CheckRegistry) -> Diagnostic:
    """A finding as the report command prints it, a warning (a 提示 stays one), named by its check's
    Chinese title, not its code."""
    severity = Severity.INFO if finding.severity is Severity.INFO else Severity.WARNING
    where = finding.locations[0].source if finding.locations else None
    check = checks.get(finding.code)
    title = check.title if check is not None else finding.code
    return Diagnostic("audit-finding", f"{finding.message}（审核：{title}，{finding.grade}）", where,
                      finding.fix, severity)


def render(evaluation: Evaluation, formats: Sequence[str], renderers: RendererRegistry | None = None,
           context: Context | None = None, checks: CheckRegistry | None = None) -> Rendered:
    """audit → build → render the evaluation report in each of ``formats`` (``docx``, ``xlsx``,
    ``html``, ``pdf``): the final report of a complete evaluation, the draft (征求意见稿) of one with
    errors or an error among the audit's findings (``checks``, the default ones when not given);
    refused (no outputs) when the run stopped or the report does not build without an error. A
    format ``renderers`` does not have is a programming error (ValueError)."""
    from .audit import default_checks
    from .report.build import build_report
    from .report.context import Context
    from .report.renderers import default_renderers

    if evaluation.result is None:
        return Rendered("", (), ())
    registry = checks if checks is not None else default_checks()
    findings = audit(evaluation.result, registry)
    shown = tuple(_finding_diagnostic(f, registry) for f in findings)
    errors = tuple(dataclasses.replace(d, severity=Severity.ERROR)
                   for d, f in zip(shown, findings, strict=True) if f.severity is Severity.ERROR)
    built = build_report(evaluation.result, (*evaluation.diagnostics, *errors))
    if has_errors(built.diagnostics):
        return Rendered("", (), (*shown, *built.diagnostics), findings=findings)
    holds = (*errors, *(d for d in built.diagnostics if d.code == "narrative-missing"))
    renderers = renderers or default_renderers()
    context = context or Context.detect()
    outputs = []
    for name in formats:
        renderer = renderers.get(name)
        if renderer is None:
            raise ValueError(f"no renderer named {name!r}")
        outputs.append((renderer.suffix, renderer.render(built.document, context)))
    return Rendered(built.document.stem, tuple(outputs), (*shown, *built.diagnostics), bool(built.document.draft),
                    findings, holds)


__all__ = ["Evaluation", "Input", "Monitored", "Rendered", "Run", "SelfEvaluated", "Text", "audit", "evaluate",
           "load", "monitor", "render", "review", "score", "self_evaluate"]
