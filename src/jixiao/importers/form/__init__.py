"""The self-evaluation form (项目支出绩效自评表) as a document kind: read it whatever its layout.

:func:`looks_like_form` tells a form from a report; :func:`read_form` reads one into a
:class:`~.model.Form` (see :mod:`.parse`); :func:`~.report.as_report` turns it into the indicator
tree every check reads, and :mod:`.rules` gives each row the rule kind that re-scores it.
"""

from __future__ import annotations

from .model import Form, FormRow, FundsLine
from .parse import looks_like_form, read_form, read_forms

__all__ = ["Form", "FormRow", "FundsLine", "looks_like_form", "read_form", "read_forms"]
