"""The region table (``assets/regions.yaml``) and circuit table (``assets/circuits.yaml``).

Both are validated when loaded: required fields and types, unique ids, coordinates
inside nilearn's packaged MNI152 brain mask, known circuits, treatments and
bibliography keys. Every problem raises a :class:`~painmood.datafiles.DataFileError`
naming the file, the region (or circuit) and the field.

``parse_*`` functions take already-parsed YAML and the file name, so tests can feed
bad data; ``load_*`` functions read the course's files once (cached).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from painmood.bibliography import bib_keys
from painmood.datafiles import DataFileError, load_yaml, require, require_one_of, require_text
from painmood.paths import ASSETS
from painmood.treatments import load_treatments

REGIONS_FILE = ASSETS / "regions.yaml"
CIRCUITS_FILE = ASSETS / "circuits.yaml"

SIDES = ("left", "right", "midline")
DIRECTIONS = ("one-way", "two-way")
MIDLINE_TOLERANCE_MM = 2.0  # a midline marker may sit this far off x = 0 (atlas labels are not symmetric)

Point = tuple[float, float, float]


@dataclass(frozen=True)
class RoleText:
    """A short statement about a region's role, with the references that back it."""

    text: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class TreatmentLink:
    """A treatment that acts on a region, with its sources and an optional caveat."""

    id: str
    references: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Region:
    id: str
    name_en: str
    name_zh: str
    abbreviation: str
    mni: tuple[tuple[str, Point], ...]  # (side, (x, y, z)); side is left, right or midline
    coordinate_source: str
    illustrative: bool
    role: str  # pain | emotion | both
    group: str
    pain_role: RoleText | None
    emotion_role: RoleText | None
    circuits: tuple[str, ...]
    treatments: tuple[TreatmentLink, ...]

    @property
    def references(self) -> tuple[str, ...]:
        """Every bibliography key of the region, first use first, without repeats."""
        keys: list[str] = []
        parts = [r for r in (self.pain_role, self.emotion_role) if r] + list(self.treatments)
        for part in parts:
            keys.extend(k for k in part.references if k not in keys)
        return tuple(keys)


@dataclass(frozen=True)
class NoTarget:
    """Why a treatment has no brain target in the region table."""

    id: str
    note: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class RegionTable:
    regions: dict[str, Region]
    groups: tuple[str, ...]
    no_brain_target: dict[str, NoTarget]


@dataclass(frozen=True)
class Circuit:
    id: str
    name_en: str
    name_zh: str
    description: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Connection:
    id: str
    source: str  # region id ("from" in the file)
    target: str  # region id ("to" in the file)
    circuit: str
    direction: str
    role: str
    references: tuple[str, ...]
    continues_to: str = ""


@dataclass(frozen=True)
class CircuitTable:
    circuits: dict[str, Circuit]
    connections: tuple[Connection, ...]


# --- small checks shared by both tables ------------------------------------------------


def _text(item: dict[str, Any], field: str, source: Path | str, where: str) -> str:
    return require_text(item.get(field), source, f"{where}.{field}")


def _keys(value: Any, source: Path | str, where: str, field: str, known: frozenset[str]) -> tuple[str, ...]:
    """A list of bibliography keys, each defined in the bibliography; at least one."""
    keys = require(value, list, source, f"{where}.{field}")
    if not keys:
        raise DataFileError(source, where, field, "must list at least one bibliography key")
    for key in keys:
        if not isinstance(key, str) or key not in known:
            raise DataFileError(source, where, field, f"'{key}' is not a key in assets/references.bib")
    return tuple(keys)


def _ids(value: Any, source: Path | str, where: str, field: str, known: Iterable[str]) -> tuple[str, ...]:
    """A list of ids, each one of ``known``."""
    known = set(known)
    ids = require(value, list, source, f"{where}.{field}")
    for one in ids:
        if one not in known:
            raise DataFileError(source, where, field, f"'{one}' is not one of {sorted(known)}")
    return tuple(ids)


def _items(root: dict[str, Any], name: str, source: Path | str) -> list[dict[str, Any]]:
    """The list ``root[name]`` of mappings, each with a string id, ids unique."""
    items = require(root.get(name), list, source, name)
    seen: set[str] = set()
    for index, item in enumerate(items):
        item = require(item, dict, source, f"{name}[{index}]")
        item_id = require(item.get("id"), str, source, f"{name}[{index}].id")
        if item_id in seen:
            raise DataFileError(source, f"{name}[{index}] '{item_id}'", "id", "is used twice")
        seen.add(item_id)
    return items


# --- coordinates ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _brain_mask() -> tuple[np.ndarray, np.ndarray]:
    from nilearn.datasets import load_mni152_brain_mask  # packaged with nilearn: no download

    mask = load_mni152_brain_mask(resolution=2)
    return np.asarray(mask.get_fdata()) > 0, np.linalg.inv(mask.affine)


def in_brain_mask(point: Point) -> bool:
    """True if the MNI point falls inside nilearn's packaged MNI152 brain mask (2 mm)."""
    data, inverse = _brain_mask()
    i, j, k = np.round(inverse @ [*point, 1.0])[:3].astype(int)
    inside_volume = all(0 <= n < size for n, size in zip((i, j, k), data.shape))
    return bool(inside_volume and data[i, j, k])


def _point(value: Any, side: str, source: Path | str, where: str,
           inside: Callable[[Point], bool]) -> Point:
    field = f"mni.{side}"
    if (not isinstance(value, list) or len(value) != 3
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
        raise DataFileError(source, where, field, f"must be three numbers [x, y, z], got {value!r}")
    x, y, z = (float(v) for v in value)
    if side == "left" and x >= 0 or side == "right" and x <= 0:
        raise DataFileError(source, where, field, f"x = {x:g} is on the wrong side of the midline")
    if side == "midline" and abs(x) > MIDLINE_TOLERANCE_MM:
        raise DataFileError(source, where, field, f"x = {x:g} is more than {MIDLINE_TOLERANCE_MM:g} mm off the midline")
    if not inside((x, y, z)):
        raise DataFileError(source, where, field,
                            f"({x:g}, {y:g}, {z:g}) lies outside the MNI152 brain mask")
    return (x, y, z)


def _coordinates(value: Any, source: Path | str, where: str,
                 inside: Callable[[Point], bool]) -> tuple[tuple[str, Point], ...]:
    mni = require(value, dict, source, f"{where}.mni")
    sides = set(mni)
    if sides not in ({"left", "right"}, {"midline"}):
        raise DataFileError(source, where, "mni",
                            f"must have keys left and right, or midline; got {sorted(sides)}")
    return tuple((side, _point(mni[side], side, source, where, inside)) for side in SIDES if side in mni)


# --- region table -----------------------------------------------------------------------


def _role_text(value: Any, source: Path | str, where: str, field: str, bib: frozenset[str]) -> RoleText | None:
    if value is None:
        return None
    item = require(value, dict, source, f"{where}.{field}")
    # Errors name e.g. "region 'amygdala'.pain_role" and the field "text" or "references".
    return RoleText(text=_text(item, "text", source, f"{where}.{field}"),
                    references=_keys(item.get("references"), source, f"{where}.{field}", "references", bib))


def _treatment_links(value: Any, source: Path | str, where: str, treatment_ids: frozenset[str],
                     bib: frozenset[str]) -> tuple[TreatmentLink, ...]:
    links = []
    for index, item in enumerate(require(value, list, source, f"{where}.treatments")):
        item = require(item, dict, source, f"{where}.treatments[{index}]")
        tid = require(item.get("id"), str, source, f"{where}.treatments[{index}].id")
        if tid not in treatment_ids:
            raise DataFileError(source, where, f"treatments[{index}].id",
                                f"'{tid}' is not a treatment in assets/treatments.yaml")
        note = item.get("note", "")
        require(note, str, source, f"{where}.treatments[{index}].note")
        links.append(TreatmentLink(tid, _keys(item.get("references"), source, where,
                                              f"treatments[{index}].references", bib), note))
    return tuple(links)


def _check_role(role: str, pain: RoleText | None, emotion: RoleText | None,
                source: Path | str, where: str) -> None:
    """The colour category must follow from which role texts the region has."""
    expected = {(True, True): "both", (True, False): "pain", (False, True): "emotion"}.get(
        (pain is not None, emotion is not None))
    if expected is None:
        raise DataFileError(source, where, "pain_role", "and emotion_role are both empty")
    if role != expected:
        raise DataFileError(source, where, "role",
                            f"is '{role}' but the role texts make it '{expected}'")


def parse_regions(data: Any, source: Path | str, *,
                  circuit_ids: Iterable[str] | None = None,
                  treatment_ids: Iterable[str] | None = None,
                  references: frozenset[str] | None = None,
                  inside: Callable[[Point], bool] = in_brain_mask) -> RegionTable:
    """Validate parsed YAML of a region table; return the table.

    Known circuits, treatments and bibliography keys default to the course's files.
    """
    circuit_ids = frozenset(circuit_ids if circuit_ids is not None else load_circuits().circuits)
    treatments = load_treatments()
    treatment_ids = frozenset(treatment_ids if treatment_ids is not None else treatments)
    bib = references if references is not None else bib_keys()

    root = require(data, dict, source, "the file")
    roles = _ids(root.get("roles"), source, "the file", "roles", ("pain", "emotion", "both"))
    groups = tuple(require(root.get("groups"), list, source, "groups"))
    regions: dict[str, Region] = {}
    for item in _items(root, "regions", source):
        where = f"region '{item['id']}'"
        role = require_one_of(item.get("role"), roles, source, f"{where}.role")
        group = require_one_of(item.get("group"), groups, source, f"{where}.group")
        pain = _role_text(item.get("pain_role"), source, where, "pain_role", bib)
        emotion = _role_text(item.get("emotion_role"), source, where, "emotion_role", bib)
        _check_role(role, pain, emotion, source, where)
        regions[item["id"]] = Region(
            id=item["id"],
            name_en=_text(item, "name_en", source, where),
            name_zh=_text(item, "name_zh", source, where),
            abbreviation=_text(item, "abbreviation", source, where),
            mni=_coordinates(item.get("mni"), source, where, inside),
            coordinate_source=_text(item, "coordinate_source", source, where),
            illustrative=require(item.get("illustrative"), bool, source, f"{where}.illustrative"),
            role=role,
            group=group,
            pain_role=pain,
            emotion_role=emotion,
            circuits=_ids(item.get("circuits"), source, where, "circuits", circuit_ids),
            treatments=_treatment_links(item.get("treatments"), source, where, treatment_ids, bib),
        )

    no_target: dict[str, NoTarget] = {}
    for item in _items(root, "no_brain_target", source):
        where = f"no_brain_target '{item['id']}'"
        if item["id"] not in treatment_ids:
            raise DataFileError(source, where, "id", "is not a treatment in assets/treatments.yaml")
        no_target[item["id"]] = NoTarget(item["id"], _text(item, "note", source, where),
                                         _keys(item.get("references"), source, where, "references", bib))

    _check_treatment_coverage(regions, no_target, treatment_ids, source)
    return RegionTable(regions, groups, no_target)


def _check_treatment_coverage(regions: dict[str, Region], no_target: dict[str, NoTarget],
                              treatment_ids: frozenset[str], source: Path | str) -> None:
    """Every single treatment has brain targets or a stated reason for having none, not both."""
    targeted = {link.id for region in regions.values() for link in region.treatments}
    combined = {tid for tid, t in load_treatments().items() if t.components}
    for tid in sorted(treatment_ids - combined):
        if tid in targeted and tid in no_target:
            raise DataFileError(source, f"no_brain_target '{tid}'", "id",
                                "is listed although regions name it as a treatment")
        if tid not in targeted and tid not in no_target:
            raise DataFileError(source, f"treatment '{tid}'", "treatments",
                                "targets no region and is not listed under no_brain_target")


# --- circuit table ----------------------------------------------------------------------


def parse_circuits(data: Any, source: Path | str, *,
                   references: frozenset[str] | None = None) -> CircuitTable:
    """Validate the parsed YAML of a circuit table on its own (ids, fields, references).

    Whether connections join known regions of the right circuit is checked by
    :func:`check_connections`, which needs the region table.
    """
    bib = references if references is not None else bib_keys()
    root = require(data, dict, source, "the file")
    circuits = {}
    for item in _items(root, "circuits", source):
        where = f"circuit '{item['id']}'"
        circuits[item["id"]] = Circuit(
            id=item["id"],
            name_en=_text(item, "name_en", source, where),
            name_zh=_text(item, "name_zh", source, where),
            description=_text(item, "description", source, where),
            references=_keys(item.get("references"), source, where, "references", bib),
        )
    connections = []
    for item in _items(root, "connections", source):
        where = f"connection '{item['id']}'"
        direction = require_one_of(item.get("direction"), DIRECTIONS, source, f"{where}.direction")
        circuit = require_one_of(item.get("circuit"), circuits, source, f"{where}.circuit")
        continues_to = item.get("continues_to", "")
        require(continues_to, str, source, f"{where}.continues_to")
        connections.append(Connection(
            id=item["id"],
            source=_text(item, "from", source, where),
            target=_text(item, "to", source, where),
            circuit=circuit,
            direction=direction,
            role=_text(item, "role", source, where),
            references=_keys(item.get("references"), source, where, "references", bib),
            continues_to=continues_to,
        ))
    return CircuitTable(circuits, tuple(connections))


def check_connections(circuits: CircuitTable, regions: RegionTable, source: Path | str) -> None:
    """Each connection joins two known regions that both belong to its circuit."""
    for connection in circuits.connections:
        where = f"connection '{connection.id}'"
        for field, region_id in (("from", connection.source), ("to", connection.target)):
            region = regions.regions.get(region_id)
            if region is None:
                raise DataFileError(source, where, field, f"'{region_id}' is not a region in assets/regions.yaml")
            if connection.circuit not in region.circuits:
                raise DataFileError(source, where, field,
                                    f"region '{region_id}' does not list circuit '{connection.circuit}'")


# --- loaders ----------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _circuits_unchecked(path: Path = CIRCUITS_FILE) -> CircuitTable:
    return parse_circuits(load_yaml(path), path)


@lru_cache(maxsize=None)
def load_regions(path: Path = REGIONS_FILE) -> RegionTable:
    """The region table from ``assets/regions.yaml`` (validated, cached)."""
    return parse_regions(load_yaml(path), path, circuit_ids=_circuits_unchecked().circuits)


@lru_cache(maxsize=None)
def load_circuits(path: Path = CIRCUITS_FILE) -> CircuitTable:
    """The circuit table from ``assets/circuits.yaml``, checked against the region table."""
    table = _circuits_unchecked(path)
    check_connections(table, load_regions(), path)
    return table
