"""The "one system, two conditions" map of chapter 6: for each chemical system
(serotonin, noradrenaline, dopamine, glutamate, BDNF, cortisol and the HPA axis,
cytokines), where it acts, which way it changes in chronic pain and in depression, how
strong and from which species that evidence is, what current treatments do with it, and
how it could carry effects between pain and mood. Every statement carries its sources.

Data: ``assets/neurochemistry.yaml`` (format in the file's header). It is checked on
loading (:func:`load_neurochemistry`): unknown fields, missing or empty text, values
outside the allowed lists, region ids not in ``assets/regions.yaml``, treatment ids not
in ``assets/treatments.yaml``, bibliography keys without a DOI or URL, and repeated ids
each raise a :class:`~painmood.datafiles.DataFileError` naming the file, the item and
the field.

Shown by :func:`show_neurochemistry_map` as one display: in the book, native radio
buttons choose the system and ``painmood-neurochemistry.js`` shows its panel (no kernel;
without JavaScript every panel is shown); in a running notebook, an ipywidgets toggle.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from painmood.bibliography import citable_keys, short_citation
from painmood.chinese import bilingual_html, tag_chinese
from painmood.datafiles import (DataFileError, load_yaml, named_check, reject_unknown, require, require_one_of,
                                require_text)
from painmood.figures import element_id
from painmood.paths import ASSETS
from painmood.regions import load_regions
from painmood.tables import html_table
from painmood.treatments import load_treatments

NEUROCHEMISTRY_FILE = ASSETS / "neurochemistry.yaml"

CONDITIONS = ("chronic pain", "depression", "chronic pain with depression")
DIRECTIONS = ("raised", "lowered", "changed", "unclear")
SPECIES = ("humans", "rats", "mice", "rodents", "humans and animals")
STRENGTHS = ("pooled human studies", "small human study", "animal experiments", "review")
#: How each direction reads on the page: a symbol (hidden from screen readers) and words.
DIRECTION_LABELS = {"raised": ("↑", "raised"), "lowered": ("↓", "lowered"),
                    "changed": ("↕", "changed, or acts both ways"), "unclear": ("?", "unclear")}
#: How each kind of evidence reads on the page.
STRENGTH_LABELS = {"pooled human studies": "pooled human studies (strongest here)",
                   "small human study": "one small human study",
                   "animal experiments": "animal experiments (not shown in people)",
                   "review": "a review of mixed human and animal evidence"}

ROOT_FIELDS = frozenset({"systems"})
SYSTEM_FIELDS = frozenset({"id", "name_en", "name_zh", "kind", "summary", "findings", "treatments", "carry_over"})
CITED_FIELDS = frozenset({"text", "references"})
FINDING_FIELDS = frozenset({"condition", "site", "region", "direction", "species", "strength", "text", "references"})
TREATMENT_FIELDS = frozenset({"label", "treatment", "text", "references"})


@dataclass(frozen=True)
class Cited:
    """A statement with the bibliography keys behind it."""

    text: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """Where a system acts in one condition and which way it changes there."""

    condition: str
    site: str
    direction: str
    species: str
    strength: str
    text: str
    references: tuple[str, ...]
    region: str | None = None


@dataclass(frozen=True)
class TreatmentNote:
    """What a current treatment (or guidance) does with a system."""

    label: str
    text: str
    references: tuple[str, ...]
    treatment: str | None = None  # an id of assets/treatments.yaml, when it is one


@dataclass(frozen=True)
class System:
    """One chemical system and what the course's sources say about it."""

    id: str
    name_en: str
    name_zh: str
    kind: str
    summary: Cited
    findings: tuple[Finding, ...]
    treatments: tuple[TreatmentNote, ...]
    carry_over: Cited

    @property
    def regions(self) -> tuple[str, ...]:
        """Region ids (assets/regions.yaml) of the findings, first use first, no repeats."""
        found: list[str] = []
        for finding in self.findings:
            if finding.region and finding.region not in found:
                found.append(finding.region)
        return tuple(found)

    @property
    def directions(self) -> frozenset[str]:
        """The directions of change found at the system's sites."""
        return frozenset(f.direction for f in self.findings)

    def keys(self) -> frozenset[str]:
        """Every bibliography key behind the system (cite them in the chapter's text)."""
        parts: list[Cited | Finding | TreatmentNote] = [self.summary, *self.findings, *self.treatments, self.carry_over]
        return frozenset(k for part in parts for k in part.references)


# ---- loading and checking -------------------------------------------------------------

def _text(raw: dict, field: str, source: Path, item: str, prefix: str = "") -> str:
    return named_check(source, item, prefix + field, lambda w: require_text(raw.get(field), source, w))


def _one_of(raw: dict, field: str, allowed: Iterable[str], source: Path, item: str, prefix: str = "") -> str:
    return named_check(source, item, prefix + field, lambda w: require_one_of(raw.get(field), allowed, source, w))


def _references(raw: dict, source: Path, item: str, prefix: str, known: frozenset[str]) -> tuple[str, ...]:
    field = prefix + "references"
    keys = raw.get("references")
    if not isinstance(keys, list) or not keys:
        raise DataFileError(source, item, field, f"must list at least one bibliography key, got {keys!r}")
    for key in keys:
        if not isinstance(key, str) or key not in known:
            raise DataFileError(source, item, field,
                                f"names {key!r}, which is not an entry with a DOI or URL in assets/references.bib")
    return tuple(keys)


def _mapping(value: object, source: Path, item: str, field: str) -> dict:
    if not isinstance(value, dict):
        shown = "missing" if value is None else f"a {type(value).__name__}"
        raise DataFileError(source, item, field, f"must be a mapping, got {shown}")
    return value


def _cited(value: object, source: Path, item: str, field: str, known: frozenset[str]) -> Cited:
    raw = _mapping(value, source, item, field)
    prefix = f"{field}."
    reject_unknown(raw, CITED_FIELDS, source, item, prefix)
    return Cited(_text(raw, "text", source, item, prefix), _references(raw, source, item, prefix, known))


def _list(value: object, source: Path, item: str, field: str, *, allow_empty: bool = False) -> list:
    if not isinstance(value, list) or (not value and not allow_empty):
        raise DataFileError(source, item, field, f"must be a list with at least one entry, got {value!r}")
    return value


def _finding(value: object, index: int, source: Path, item: str, known: frozenset[str],
             regions: frozenset[str]) -> Finding:
    field = f"findings[{index}]"
    raw = _mapping(value, source, item, field)
    prefix = f"{field}."
    reject_unknown(raw, FINDING_FIELDS, source, item, prefix)
    region = raw.get("region")
    if region is not None and region not in regions:
        raise DataFileError(source, item, prefix + "region", f"{region!r} is not a region id of assets/regions.yaml")
    return Finding(
        condition=_one_of(raw, "condition", CONDITIONS, source, item, prefix),
        site=_text(raw, "site", source, item, prefix),
        direction=_one_of(raw, "direction", DIRECTIONS, source, item, prefix),
        species=_one_of(raw, "species", SPECIES, source, item, prefix),
        strength=_one_of(raw, "strength", STRENGTHS, source, item, prefix),
        text=_text(raw, "text", source, item, prefix),
        references=_references(raw, source, item, prefix, known),
        region=region,
    )


def _treatment(value: object, index: int, source: Path, item: str, known: frozenset[str],
               treatments: frozenset[str]) -> TreatmentNote:
    field = f"treatments[{index}]"
    raw = _mapping(value, source, item, field)
    prefix = f"{field}."
    reject_unknown(raw, TREATMENT_FIELDS, source, item, prefix)
    treatment = raw.get("treatment")
    if treatment is not None and treatment not in treatments:
        raise DataFileError(source, item, prefix + "treatment",
                            f"{treatment!r} is not a treatment id of assets/treatments.yaml")
    return TreatmentNote(label=_text(raw, "label", source, item, prefix), text=_text(raw, "text", source, item, prefix),
                         references=_references(raw, source, item, prefix, known), treatment=treatment)


def _system(value: object, index: int, source: Path, known: frozenset[str], regions: frozenset[str],
            treatments: frozenset[str]) -> System:
    raw = _mapping(value, source, f"systems[{index}]", "(entry)")
    system_id = _text(raw, "id", source, f"systems[{index}]")
    item = f"system '{system_id}'"
    reject_unknown(raw, SYSTEM_FIELDS, source, item)
    findings = _list(raw.get("findings"), source, item, "findings")
    notes = _list(raw.get("treatments"), source, item, "treatments")
    return System(
        id=system_id,
        name_en=_text(raw, "name_en", source, item),
        name_zh=_text(raw, "name_zh", source, item),
        kind=_text(raw, "kind", source, item),
        summary=_cited(raw.get("summary"), source, item, "summary", known),
        findings=tuple(_finding(f, i, source, item, known, regions) for i, f in enumerate(findings)),
        treatments=tuple(_treatment(t, i, source, item, known, treatments) for i, t in enumerate(notes)),
        carry_over=_cited(raw.get("carry_over"), source, item, "carry_over", known),
    )


def parse_neurochemistry(data: object, source: Path, known_keys: frozenset[str] | None = None,
                         region_ids: frozenset[str] | None = None,
                         treatment_ids: frozenset[str] | None = None) -> tuple[System, ...]:
    """Check and convert the parsed YAML of the neurochemistry file.

    ``known_keys`` (bibliography keys with a DOI or URL), ``region_ids`` and
    ``treatment_ids`` default to the course's own. Raises DataFileError naming the file,
    the item (``system '<id>'``, ``systems[<n>]`` or ``the file``) and the field.
    """
    known = citable_keys() if known_keys is None else known_keys
    regions = frozenset(load_regions().regions) if region_ids is None else region_ids
    treatments = frozenset(load_treatments()) if treatment_ids is None else treatment_ids
    root = require(data, dict, source, "the file")
    reject_unknown(root, ROOT_FIELDS, source, "the file")
    raw_systems = _list(root.get("systems"), source, "the file", "systems")
    systems: list[System] = []
    for index, raw in enumerate(raw_systems):
        system = _system(raw, index, source, known, regions, treatments)
        if any(s.id == system.id for s in systems):
            raise DataFileError(source, f"system '{system.id}'", "id", "is used twice")
        systems.append(system)
    return tuple(systems)


@lru_cache(maxsize=None)
def load_neurochemistry(path: Path = NEUROCHEMISTRY_FILE) -> tuple[System, ...]:
    """The systems of ``assets/neurochemistry.yaml``, checked, in file order (cached)."""
    return parse_neurochemistry(load_yaml(path), path)


def get_system(system_id: str, systems: Sequence[System] | None = None) -> System:
    """One system by id; a KeyError lists the known ids."""
    systems = load_neurochemistry() if systems is None else systems
    for system in systems:
        if system.id == system_id:
            return system
    raise KeyError(f"no system {system_id!r}; known: {[s.id for s in systems]}")


def opposite_directions(systems: Sequence[System] | None = None) -> list[str]:
    """Ids of the systems that are raised at one site and lowered at another (the BDNF
    lesson: a signal can change in opposite directions in different places)."""
    systems = load_neurochemistry() if systems is None else systems
    return [s.id for s in systems if {"raised", "lowered"} <= s.directions]


def findings_table(system_id: str, systems: Sequence[System] | None = None) -> str:
    """A system's findings as plain text, one line each: condition, site, direction,
    species, kind of evidence and sources. For notebooks and "Try it in code"."""
    system = get_system(system_id, systems)
    lines = [f"{system.name_en} ({system.name_zh})"]
    for f in system.findings:
        lines.append(f"- {f.condition}: {f.site}: {DIRECTION_LABELS[f.direction][1]} "
                     f"[{f.species}; {f.strength}] ({sources(f.references)})")
    return "\n".join(lines)


def sources(keys: Iterable[str]) -> str:
    """Author-year citations of ``keys``, joined with "; " (as the page shows them)."""
    return "; ".join(short_citation(k) for k in keys)


# ---- the page -------------------------------------------------------------------------

def _region_names() -> dict[str, tuple[str, str]]:
    return {r.id: (r.name_en, r.name_zh) for r in load_regions().regions.values()}


def _cite_html(keys: Sequence[str]) -> str:
    return f'<span class="pm-nc-sources">({html.escape(sources(keys))})</span>'


def _direction_html(direction: str) -> str:
    symbol, words = DIRECTION_LABELS[direction]
    return f'<span aria-hidden="true">{symbol}</span> {html.escape(words)}'


def _regions_html(system: System) -> str:
    names = _region_names()
    sites = []
    for finding in system.findings:
        if finding.region:
            english, chinese = names[finding.region]
            label = f"{bilingual_html(english, chinese)} <code>{html.escape(finding.region)}</code>"
        else:
            label = html.escape(finding.site) + " (not in the brain atlas)"
        if label not in sites:
            sites.append(label)
    items = "".join(f'<li data-pm-site>{s}</li>' for s in sites)
    return f'<ul class="pm-nc-sites">{items}</ul>'


FINDING_HEADERS = ("Condition", "Site", "Which way", "Evidence", "What was found", "Sources")


def findings_table_html(system: System) -> str:
    """The system's findings as an HTML table (one row per site and condition)."""
    rows = [(html.escape(f.condition), html.escape(f.site), _direction_html(f.direction),
             html.escape(f"{f.species}; {STRENGTH_LABELS[f.strength]}"), html.escape(f.text),
             html.escape(sources(f.references))) for f in system.findings]
    attributes = [f'data-pm-finding="{i}" data-pm-direction="{f.direction}"' for i, f in enumerate(system.findings)]
    return html_table(f"{system.name_en}: where it acts and which way it changes", FINDING_HEADERS, rows,
                      css_class="pm-table pm-nc-findings", row_attributes=attributes)


def panel_html(system: System, root: str) -> str:
    """One system's panel: summary, sites, findings table, treatments and carry-over."""
    treatments = "".join(
        f'<li data-pm-treatment="{html.escape(t.treatment or "")}"><strong>{html.escape(t.label)}.</strong> '
        f"{html.escape(t.text)} {_cite_html(t.references)}</li>" for t in system.treatments)
    heading = f"{root}-{system.id}-title"
    return (
        f'<section class="pm-nc-panel" id="{root}-{system.id}" data-pm-system="{system.id}" '
        f'aria-labelledby="{heading}">'
        f'<h3 id="{heading}">{bilingual_html(system.name_en, system.name_zh)}</h3>'
        f'<p class="pm-nc-kind">{html.escape(system.kind.capitalize())}.</p>'
        f'<p class="pm-nc-summary">{html.escape(system.summary.text)} {_cite_html(system.summary.references)}</p>'
        f'<h4>Where it acts</h4>{_regions_html(system)}'
        f"{findings_table_html(system)}"
        f'<h4>What current treatments do with it</h4><ul class="pm-nc-treatments">{treatments}</ul>'
        f'<h4>How it could carry effects between pain and mood</h4>'
        f'<p class="pm-nc-carry">{html.escape(system.carry_over.text)} {_cite_html(system.carry_over.references)}</p>'
        "</section>"
    )


def static_neurochemistry_html(systems: Sequence[System]) -> str:
    """The book's map: radio buttons (one per system) and one panel per system.

    Without JavaScript the radios stay hidden and every panel is shown in order; with
    ``painmood-neurochemistry.js`` the radios appear and only the chosen panel shows.
    """
    root = element_id("pm-neurochem", ",".join(s.id for s in systems))
    options = "".join(
        f'<div class="pm-nc-option"><input type="radio" name="{root}-system" id="{root}-opt-{s.id}" value="{s.id}"'
        f'{" checked" if i == 0 else ""}><label for="{root}-opt-{s.id}">{bilingual_html(s.name_en, s.name_zh)}</label></div>'
        for i, s in enumerate(systems))
    panels = "".join(panel_html(s, root) for s in systems)
    legend = bilingual_html("Choose a system", "选择一个系统")
    return tag_chinese(
        f'<section class="pm-neurochem" id="{root}" aria-label="One system, two conditions">'
        f'<fieldset class="pm-nc-choice" hidden><legend>{legend}</legend>{options}</fieldset>'
        f'<p class="pm-nc-status" aria-live="polite"></p>'
        f"{panels}</section>")


def summary_text(systems: Sequence[System]) -> str:
    """The map as plain text: each system's findings (text/plain of the display)."""
    return "\n\n".join(findings_table(s.id, systems) for s in systems)


# ---- the live version (a notebook with a kernel) ------------------------------------

def live_neurochemistry_map(systems: Sequence[System]) -> Any:
    """An ipywidgets toggle (system) above the chosen system's panel."""
    import ipywidgets as widgets

    toggle = widgets.ToggleButtons(options=[(f"{s.name_en} {s.name_zh}", s.id) for s in systems],
                                   value=systems[0].id, description="System 系统",
                                   style={"description_width": "initial"})
    panel = widgets.HTML(panel_html(systems[0], "pm-neurochem-live"))

    def update(_change: object = None) -> None:
        panel.value = panel_html(get_system(toggle.value, systems), "pm-neurochem-live")

    toggle.observe(update, names="value")
    box = widgets.VBox([toggle, panel])
    box.update = update  # exposed for tests
    return box


class NeurochemistryMap:
    """One display for both audiences: live widgets in Jupyter, the static page version
    (``text/html``) in the book, and every finding as plain text."""

    def __init__(self, systems: Sequence[System]) -> None:
        self.systems = list(systems)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(live_neurochemistry_map(self.systems)._repr_mimebundle_())
        bundle["text/html"] = static_neurochemistry_html(self.systems)
        bundle["text/plain"] = summary_text(self.systems)
        return bundle


def show_neurochemistry_map(ids: list[str] | None = None) -> NeurochemistryMap:
    """The map for the chosen systems (all, in file order, by default): end a cell with it.
    Cite :func:`map_keys` in the text around it."""
    systems = load_neurochemistry()
    chosen = systems if ids is None else [get_system(i, systems) for i in ids]
    return NeurochemistryMap(chosen)


def map_keys(ids: list[str] | None = None) -> frozenset[str]:
    """Every bibliography key behind the chosen systems."""
    systems = load_neurochemistry()
    chosen = systems if ids is None else [get_system(i, systems) for i in ids]
    return frozenset(k for s in chosen for k in s.keys())


def map_regions(ids: list[str] | None = None) -> list[str]:
    """Region ids of the chosen systems, for a brain view beside the map."""
    systems = load_neurochemistry()
    chosen = systems if ids is None else [get_system(i, systems) for i in ids]
    found: list[str] = []
    for system in chosen:
        found.extend(r for r in system.regions if r not in found)
    return found


__all__ = ["CONDITIONS", "DIRECTIONS", "SPECIES", "STRENGTHS", "Finding", "System", "TreatmentNote",
           "findings_table", "get_system", "load_neurochemistry", "map_keys", "map_regions", "opposite_directions",
           "parse_neurochemistry", "show_neurochemistry_map", "static_neurochemistry_html"]
