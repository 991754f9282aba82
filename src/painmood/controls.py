"""A slider of the course's small explorers (descending control, synapse): its data-file
form, its checks and its labelled range input for the static page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from painmood.chinese import bilingual_html
from painmood.datafiles import DataFileError, require, require_number, require_text


@dataclass(frozen=True)
class Control:
    """A setting the reader moves, with its range and what its ends mean."""

    id: str
    label: str
    label_zh: str
    minimum: float
    maximum: float
    step: float
    value: float
    basis: str


def _number(value: object, source: Path, where: str, minimum: float, maximum: float) -> float:
    return float(require_number(value, source, where, minimum, maximum))


def parse_control(cid: str, raw: object, source: Path,
                  lowest: float = -math.inf, highest: float = math.inf) -> Control:
    """Check one ``controls:`` entry (label, label_zh, min < max within [lowest, highest],
    a positive step, a value in range, basis); a DataFileError names ``control '<id>'``
    and the field."""
    where = f"control '{cid}'"
    raw = require(raw, dict, source, where)
    minimum = _number(raw.get("min"), source, f"{where}.min", lowest, highest)
    maximum = _number(raw.get("max"), source, f"{where}.max", lowest, highest)
    if not minimum < maximum:
        raise DataFileError(source, where, "max", f"must be above min ({minimum:g}), got {maximum:g}")
    return Control(
        id=cid,
        label=require_text(raw.get("label"), source, f"{where}.label"),
        label_zh=require_text(raw.get("label_zh"), source, f"{where}.label_zh"),
        minimum=minimum, maximum=maximum,
        step=_number(raw.get("step"), source, f"{where}.step", 1e-9, maximum - minimum),
        value=_number(raw.get("value"), source, f"{where}.value", minimum, maximum),
        basis=require_text(raw.get("basis"), source, f"{where}.basis"),
    )


def control_html(root_id: str, control: Control, value: float) -> str:
    """A labelled (English and 中文) range input with an output showing its value."""
    cid = f"{root_id}-{control.id}"
    return (f'<div class="pm-sim-control"><label for="{cid}">{bilingual_html(control.label, control.label_zh)}'
            f"</label><input type=\"range\" id=\"{cid}\" data-control=\"{control.id}\" "
            f'min="{control.minimum:g}" max="{control.maximum:g}" step="{control.step:g}" value="{value:g}">'
            f'<output for="{cid}">{value:g}</output></div>')
