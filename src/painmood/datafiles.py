"""Reading the course's data files with errors that name the file, the item and the field."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml

T = TypeVar("T")


class DataFileError(ValueError):
    """A data file in ``assets/`` is malformed. The message names file, item and field."""

    def __init__(self, source: Path | str, item: str, field: str, problem: str) -> None:
        self.source, self.item, self.field, self.problem = str(source), item, field, problem
        super().__init__(f"{source}: {item}: field '{field}' {problem}")


def load_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error is reported with the file name."""
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataFileError(path, "the file", "(syntax)", f"is not valid YAML: {exc}") from exc
    except FileNotFoundError as exc:
        raise DataFileError(path, "the file", "(path)", "does not exist") from exc


def require(value: Any, kind: type[T], source: Path | str, where: str) -> T:
    """Return ``value`` if it has type ``kind``; otherwise raise a DataFileError.

    ``where`` is "item.field" (or just the item); the error names both.
    """
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    item, _, field = where.rpartition(".")
    if not item:
        item, field = where, "(value)"
    shown = "missing" if value is None else f"a {type(value).__name__} ({value!r})"
    raise DataFileError(source, item, field, f"must be a {kind.__name__}, got {shown}")


def require_one_of(value: Any, allowed: Iterable[str], source: Path | str, where: str) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise a DataFileError.

    ``where`` is "item.field", as for :func:`require`.
    """
    allowed = list(allowed)
    if isinstance(value, str) and value in allowed:
        return value
    item, _, field = where.rpartition(".")
    raise DataFileError(source, item, field, f"{value!r} is not one of {allowed}")


def require_number(value: Any, source: Path | str, where: str,
                   minimum: float = -math.inf, maximum: float = math.inf) -> float:
    """Return ``value`` if it is a finite number (not a bool, not NaN) within
    [minimum, maximum], unchanged (an int stays an int, so it prints as written);
    otherwise raise a DataFileError. ``where`` is "item.field"."""
    item, _, field = where.rpartition(".")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        shown = "missing" if value is None else repr(value)
        raise DataFileError(source, item, field, f"must be a finite number, got {shown}")
    if not minimum <= value <= maximum:
        raise DataFileError(source, item, field, f"must be between {minimum:g} and {maximum:g}, got {value!r}")
    return value


def require_text(value: Any, source: Path | str, where: str) -> str:
    """Return ``value`` stripped if it is a non-empty string; otherwise raise a
    DataFileError. ``where`` is "item.field"."""
    text = require(value, str, source, where).strip()
    if not text:
        item, _, field = where.rpartition(".")
        raise DataFileError(source, item, field, "must not be empty")
    return text


def named_check(source: Path | str, item: str, field: str, check: Callable[[str], T]) -> T:
    """Run one of the checks above, reporting ``item`` and ``field`` as given.

    Those checks split "item.field" at the last dot, and ids or nested fields have dots;
    ``check`` takes the "where" argument, e.g. ``lambda w: require_text(raw.get("id"), source, w)``.
    """
    try:
        return check("item.field")
    except DataFileError as error:
        raise DataFileError(source, item, field, error.problem) from None


def reject_unknown(raw: dict, allowed: frozenset[str], source: Path | str, item: str, prefix: str = "") -> None:
    """Raise a DataFileError naming the first field of ``raw`` not in ``allowed``
    (reported as ``prefix + field``), so a misspelt field is never silently ignored."""
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise DataFileError(source, item, prefix + str(unknown[0]), f"is not a known field (known: {sorted(allowed)})")
