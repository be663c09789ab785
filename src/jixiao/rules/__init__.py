"""Rule kinds: one module per kind, each defining ``KIND``; see :mod:`jixiao.rules.base`."""

from .base import (
    Deduction,
    Evaluation,
    Quantity,
    RuleError,
    RuleKind,
    RuleRegistry,
    default_registry,
)

__all__ = [
    "Deduction",
    "Evaluation",
    "Quantity",
    "RuleError",
    "RuleKind",
    "RuleRegistry",
    "default_registry",
]
