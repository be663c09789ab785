"""Rule kinds: one module per kind, each defining ``KIND``; see :mod:`jixiao.rules.base`."""

from .base import (
    Deduction,
    Evaluation,
    FactField,
    FactType,
    Quantity,
    RuleError,
    RuleKind,
    RuleRegistry,
    default_registry,
)

__all__ = [
    "Deduction",
    "Evaluation",
    "FactField",
    "FactType",
    "Quantity",
    "RuleError",
    "RuleKind",
    "RuleRegistry",
    "default_registry",
]
