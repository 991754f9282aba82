"""The treatment vocabulary (``assets/treatments.yaml``), loaded and validated once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from painmood.datafiles import DataFileError, load_yaml, require, require_one_of
from painmood.paths import ASSETS

TREATMENTS_FILE = ASSETS / "treatments.yaml"


@dataclass(frozen=True)
class Treatment:
    id: str
    name_en: str
    name_zh: str
    family: str
    references: tuple[str, ...]
    components: tuple[str, ...] = ()


def parse_treatments(data: object, source: Path) -> dict[str, Treatment]:
    """Validate the parsed YAML of a treatments file and return treatments by id."""
    root = require(data, dict, source, "the file")
    families = require(root.get("families"), list, source, "families")
    items = require(root.get("treatments"), list, source, "treatments")
    treatments: dict[str, Treatment] = {}
    for index, item in enumerate(items):
        where = f"treatments[{index}]"
        item = require(item, dict, source, where)
        tid = require(item.get("id"), str, source, f"{where}.id")
        where = f"treatment '{tid}'"
        if tid in treatments:
            raise DataFileError(source, where, "id", "is used twice")
        family = require_one_of(item.get("family"), families, source, f"{where}.family")
        treatments[tid] = Treatment(
            id=tid,
            name_en=require(item.get("name_en"), str, source, f"{where}.name_en"),
            name_zh=require(item.get("name_zh"), str, source, f"{where}.name_zh"),
            family=family,
            references=tuple(require(item.get("references"), list, source, f"{where}.references")),
            components=tuple(item.get("components", [])),
        )
    for t in treatments.values():
        for part in t.components:
            if part not in treatments or part == t.id:
                raise DataFileError(source, f"treatment '{t.id}'", "components",
                                    f"'{part}' is not another known treatment")
    return treatments


@lru_cache(maxsize=None)
def load_treatments(path: Path = TREATMENTS_FILE) -> dict[str, Treatment]:
    """Treatments by id, from ``assets/treatments.yaml`` (validated)."""
    return parse_treatments(load_yaml(path), path)
