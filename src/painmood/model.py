"""The carry-over model: pain P and negative affect E, week by week (illustrative).

Both symptoms sit on 0-10 scales. Each week, every symptom is pulled back towards
its untreated level, is pushed by the other symptom's distance from *its* untreated
level (the carry-over), and is lowered by any treatment acting on it::

    P[t+1] = P[t] + a_P (P0 - P[t]) + c_EP (E[t] - E0) - r_P(t) P[t]
    E[t+1] = E[t] + a_E (E0 - E[t]) + c_PE (P[t] - P0) - r_E(t) (1 - b P[t]/10) E[t]

``r_X(t) = strength * k * effect_X`` while ``onset <= t < onset + duration``, else 0;
``b`` is how much pain blunts a mood treatment (derived from Thielke 2007), and both
states are clipped to [0, 10] after each step. Every number comes from
``assets/model.yaml``. ``painmood-simulator.js`` repeats :func:`simulate` operation
for operation, so the book's static page shows the same numbers as Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from painmood.bibliography import bib_keys
from painmood.datafiles import DataFileError, load_yaml, require, require_number, require_one_of, require_text
from painmood.paths import ASSETS
from painmood.treatments import Treatment, load_treatments

MODEL_FILE = ASSETS / "model.yaml"
TEACHING = "teaching assumption"
SCALE_MAX = 10.0
#: Parameters that count weeks and must be whole numbers.
WHOLE_WEEKS = ("weeks", "onset", "duration")
#: Parameters every model file must define (the names simulate() uses).
PARAMETER_IDS = (
    "weeks", "pain_baseline", "affect_baseline", "pain_recovery", "affect_recovery",
    "coupling_affect_to_pain", "coupling_pain_to_affect", "rate_per_effect_size",
    "strength", "onset", "duration",
)
#: Allowed range of a preset's effect size (standardised mean difference vs control).
EFFECT_RANGE = (0.0, 1.0)
#: What a treated group can have been compared with. "not measured": no published size,
#: so the effect is a teaching assumption with no comparison behind it.
COMPARATORS = ("placebo", "sham", "active control", "usual care", "waitlist", "usual care or waitlist",
               "no treatment", "mixed controls", "not measured")
#: Comparators that blind nobody: sizes against them include expectation and attention
#: effects, so they run larger than placebo- or sham-controlled ones.
UNBLINDED_COMPARATORS = ("usual care", "waitlist", "usual care or waitlist", "no treatment",
                         "mixed controls")


@dataclass(frozen=True)
class Parameter:
    """One model parameter with its documented range and where its value comes from."""

    id: str
    symbol: str
    label: str
    value: float
    minimum: float
    maximum: float
    step: float | None
    sources: tuple[str, ...]
    basis: str
    label_zh: str = ""


@dataclass(frozen=True)
class Comparison:
    """An effect size against another comparator, shown beside the modelled one."""

    size: float
    comparator: str
    sources: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Effect:
    """A treatment's direct effect on one symptom, as an effect size against
    ``comparator``, with its source (and optionally the size against another comparator)."""

    size: float
    sources: tuple[str, ...]
    basis: str
    comparator: str
    other: Comparison | None = None


@dataclass(frozen=True)
class Preset:
    """A treatment's direct effects on pain and on negative affect."""

    id: str
    pain: Effect
    emotion: Effect
    components: tuple[str, ...] = ()
    scope: str = ""


@dataclass(frozen=True)
class Model:
    """The parsed model file: parameters, pain blunting ``b`` and the presets."""

    parameters: dict[str, Parameter]
    blunting: float
    blunting_sources: tuple[str, ...]
    blunting_basis: str
    presets: dict[str, Preset]

    def defaults(self) -> dict[str, float]:
        """Every parameter at its documented value."""
        return {pid: p.value for pid, p in self.parameters.items()}


@dataclass(frozen=True)
class Trajectory:
    """Weekly pain and negative affect, weeks 0..T (T + 1 values each)."""

    weeks: tuple[int, ...]
    pain: tuple[float, ...]
    affect: tuple[float, ...]


def _sources(value: object, source: Path, where: str, known: frozenset[str]) -> tuple[str, ...]:
    keys = tuple(require(value, list, source, f"{where}.source"))
    if not keys:
        raise DataFileError(source, where, "source", "must name at least one source")
    for key in keys:
        if key != TEACHING and key not in known:
            raise DataFileError(source, where, "source",
                                f"'{key}' is neither a key of references.bib nor '{TEACHING}'")
    return keys


def _number(value: object, source: Path, where: str) -> float:
    return float(require_number(value, source, where))


def _parameter(pid: str, raw: object, source: Path, known: frozenset[str]) -> Parameter:
    where = f"parameter '{pid}'"
    raw = require(raw, dict, source, where)
    minimum = _number(raw.get("min"), source, f"{where}.min")
    maximum = _number(raw.get("max"), source, f"{where}.max")
    value = _number(raw.get("value"), source, f"{where}.value")
    if not minimum <= value <= maximum:
        raise DataFileError(source, where, "value", f"{value} is outside [{minimum}, {maximum}]")
    step = raw.get("step")
    # A reader moves the parameters that have a step: their slider is named in both languages.
    label_zh = "" if step is None else require_text(raw.get("label_zh"), source, f"{where}.label_zh")
    return Parameter(
        id=pid,
        symbol=require(raw.get("symbol"), str, source, f"{where}.symbol"),
        label=require(raw.get("label"), str, source, f"{where}.label"),
        value=value, minimum=minimum, maximum=maximum,
        step=None if step is None else _number(step, source, f"{where}.step"),
        sources=_sources(raw.get("source"), source, where, known),
        basis=require(raw.get("basis"), str, source, f"{where}.basis"),
        label_zh=label_zh,
    )


def _comparison(raw: object, source: Path, where: str, known: frozenset[str]) -> Comparison:
    raw = require(raw, dict, source, where)
    size = _number(raw.get("effect"), source, f"{where}.effect")
    if not EFFECT_RANGE[0] <= size <= EFFECT_RANGE[1]:
        raise DataFileError(source, where, "effect", f"{size} is outside {list(EFFECT_RANGE)}")
    return Comparison(size, require_one_of(raw.get("comparator"), COMPARATORS, source, f"{where}.comparator"),
                      _sources(raw.get("source"), source, where, known),
                      require(raw.get("basis"), str, source, f"{where}.basis"))


def _effect(raw: object, source: Path, where: str, known: frozenset[str]) -> Effect:
    raw = require(raw, dict, source, where)
    unknown = set(raw) - {"effect", "comparator", "source", "basis", "other_comparison"}
    if unknown:
        raise DataFileError(source, where, sorted(unknown)[0], "is not a field of an effect")
    main = _comparison(raw, source, where, known)
    other = raw.get("other_comparison")
    return Effect(main.size, main.sources, main.basis, main.comparator,
                  None if other is None else _comparison(other, source, f"{where}.other_comparison", known))


#: What the simulator says of combined care's effects (no source supports adding them up).
ADDITIVITY = ("Sum of {parts}: adding the effects up is a teaching assumption; no trial "
              "tested this combination, and the stepped-care trial SCAMP gave an "
              "antidepressant first and pain self-management after it.")


def _combined(treatment: Treatment, parts: dict[str, Preset]) -> Preset:
    """Combined care: each symptom's effect is the sum of its components' effects
    (a teaching assumption, stated as its basis and scope)."""
    note = ADDITIVITY.format(parts=", ".join(treatment.components))

    def total(symptom: str) -> Effect:
        effects = [getattr(parts[c], symptom) for c in treatment.components]
        sources = tuple(dict.fromkeys([*(k for e in effects for k in e.sources), TEACHING]))
        comparators = ", ".join(dict.fromkeys(e.comparator for e in effects))
        return Effect(sum(e.size for e in effects), sources, note, f"mixed: {comparators}")
    return Preset(treatment.id, total("pain"), total("emotion"), treatment.components, scope=note)


def blunting_from_response(low: float, high: float) -> float:
    """b = 1 - high/low: the mood-treatment rate at pain 10 is ``high/low`` of that at pain 0."""
    return 1.0 - high / low


def parse_model(data: object, source: Path, treatments: dict[str, Treatment],
                known_keys: frozenset[str]) -> Model:
    """Validate the parsed YAML of a model file; errors name file, item and field."""
    root = require(data, dict, source, "the file")
    raw_params = require(root.get("parameters"), dict, source, "parameters")
    for pid in PARAMETER_IDS:
        if pid not in raw_params:
            raise DataFileError(source, f"parameter '{pid}'", "(entry)", "is missing")
    parameters = {pid: _parameter(pid, raw, source, known_keys) for pid, raw in raw_params.items()}

    raw_blunt = require(root.get("blunting"), dict, source, "blunting")
    low = _number(raw_blunt.get("response_low_pain_interference"), source,
                  "blunting.response_low_pain_interference")
    high = _number(raw_blunt.get("response_high_pain_interference"), source,
                   "blunting.response_high_pain_interference")
    if not 0 < high <= low <= 100:
        raise DataFileError(source, "blunting", "response_high_pain_interference",
                            f"must satisfy 0 < high ({high}) <= low ({low}) <= 100")

    raw_presets = require(root.get("presets"), dict, source, "presets")
    presets: dict[str, Preset] = {}
    for tid, raw in raw_presets.items():
        where = f"preset '{tid}'"
        if tid not in treatments or treatments[tid].components:
            raise DataFileError(source, where, "(id)",
                                "is not a single treatment of treatments.yaml")
        raw = require(raw, dict, source, where)
        scope = raw.get("scope", "")
        presets[tid] = Preset(tid, _effect(raw.get("pain"), source, f"{where}.pain", known_keys),
                              _effect(raw.get("emotion"), source, f"{where}.emotion", known_keys),
                              scope=require(scope, str, source, f"{where}.scope").strip())
    for treatment in treatments.values():
        if not treatment.components and treatment.id not in presets:
            raise DataFileError(source, f"preset '{treatment.id}'", "(entry)", "is missing")
    for treatment in treatments.values():
        if treatment.components:
            presets[treatment.id] = _combined(treatment, presets)
    return Model(parameters, blunting_from_response(low, high),
                 _sources(raw_blunt.get("source"), source, "blunting", known_keys),
                 require(raw_blunt.get("basis"), str, source, "blunting.basis"),
                 {tid: presets[tid] for tid in treatments})


@lru_cache(maxsize=None)
def load_model(path: Path = MODEL_FILE) -> Model:
    """The model of ``assets/model.yaml`` (validated), presets in treatments.yaml order."""
    return parse_model(load_yaml(path), path, load_treatments(), bib_keys())


def linear_matrix(values: dict[str, float], pain_rate: float = 0.0,
                  affect_rate: float = 0.0) -> np.ndarray:
    """The matrix of the model's linear part (deviations from the untreated levels)."""
    return np.array([
        [1 - values["pain_recovery"] - pain_rate, values["coupling_affect_to_pain"]],
        [values["coupling_pain_to_affect"], 1 - values["affect_recovery"] - affect_rate],
    ])


def spectral_radius(matrix: np.ndarray) -> float:
    """Largest absolute eigenvalue; below 1 means deviations die out."""
    return float(max(abs(np.linalg.eigvals(matrix))))


def with_checked_overrides(values: dict[str, float], ranged: Mapping[str, Any], kind: str,
                           overrides: Mapping[str, float]) -> dict[str, float]:
    """``values`` with ``overrides`` applied, each checked against the ``minimum`` and
    ``maximum`` of its entry in ``ranged``. Raises ValueError naming the {kind} and its
    allowed range for an unknown name, a value that is not a number (or NaN), or a value
    outside the range. Shared by every model a reader drives."""
    values = dict(values)
    for name, value in overrides.items():
        if name not in ranged:
            raise ValueError(f"{kind} '{name}' is unknown; allowed: {sorted(ranged)}")
        entry = ranged[name]
        allowed = f"allowed range [{entry.minimum:g}, {entry.maximum:g}]"
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise ValueError(f"{name} = {value!r} is not a number; {allowed}")
        if not entry.minimum <= value <= entry.maximum:
            raise ValueError(f"{name} = {value!r} is outside its {allowed}")
        values[name] = float(value)
    return values


def settings(treatment: str, model: Model | None = None, **overrides: float) -> dict[str, float]:
    """All parameter values for a run: defaults, then ``overrides``, each checked.

    Raises ValueError naming the parameter and its allowed range for an unknown
    treatment or parameter, a NaN, a value outside its range, a fractional week
    count, or couplings that make the model unstable.
    """
    model = model or load_model()
    if treatment not in model.presets:
        raise ValueError(f"treatment '{treatment}' is unknown; allowed: {sorted(model.presets)}")
    values = with_checked_overrides(model.defaults(), model.parameters, "parameter", overrides)
    for name in WHOLE_WEEKS:
        if values[name] != int(values[name]):
            raise ValueError(f"{name} = {values[name]!r} must be a whole number of weeks")
    if values["onset"] >= values["weeks"]:
        raise ValueError(f"onset = {values['onset']:g} must be below weeks = {values['weeks']:g}")
    radius = spectral_radius(linear_matrix(values))
    if radius >= 1:
        raise ValueError(
            f"coupling_affect_to_pain = {values['coupling_affect_to_pain']:g} and "
            f"coupling_pain_to_affect = {values['coupling_pain_to_affect']:g} make the model "
            f"unstable (spectral radius {radius:.3f} >= 1): their product must stay below "
            f"pain_recovery x affect_recovery = "
            f"{values['pain_recovery'] * values['affect_recovery']:g}"
        )
    return values


def treatment_rates(treatment: str, values: dict[str, float],
                    model: Model | None = None) -> tuple[float, float]:
    """Weekly rates (r_P, r_E) while the treatment is on."""
    preset = (model or load_model()).presets[treatment]
    scale = values["strength"] * values["rate_per_effect_size"]
    return scale * preset.pain.size, scale * preset.emotion.size


def _clip(x: float) -> float:
    return min(max(x, 0.0), SCALE_MAX)


def run(values: dict[str, float], pain_rate: float, affect_rate: float,
        blunting: float) -> Trajectory:
    """Step the equations for already-checked values (see :func:`simulate`).

    The one-step case of :func:`run_plan`: one treatment from ``onset`` for ``duration``
    weeks. Plain floats, in the same order of operations as painmood-simulator.js.
    """
    start = values["onset"]
    return run_plan(values, ((start, start + values["duration"], pain_rate, affect_rate),), blunting)


def run_plan(values: dict[str, float], periods: tuple[tuple[float, float, float, float], ...],
             blunting: float) -> Trajectory:
    """Step the equations for a plan: ``periods`` are (start, stop, r_P, r_E), one per
    step; the rates of every step active in week t (start <= t < stop) add up.

    Values must already be checked (:func:`settings`, :func:`check_plan`). The rates are
    summed from 0.0 in step order, so a one-step plan gives exactly :func:`run`'s numbers.
    Plain floats, in the same order of operations as painmood-simulator.js.
    """
    p0, e0 = values["pain_baseline"], values["affect_baseline"]
    a_p, a_e = values["pain_recovery"], values["affect_recovery"]
    c_ep, c_pe = values["coupling_affect_to_pain"], values["coupling_pain_to_affect"]
    weeks = int(values["weeks"])
    pain, affect = [p0], [e0]
    for t in range(weeks):
        p, e = pain[-1], affect[-1]
        r_p, r_e = 0.0, 0.0
        for start, stop, pain_rate, affect_rate in periods:
            if start <= t < stop:
                r_p += pain_rate
                r_e += affect_rate
        pain.append(_clip(p + a_p * (p0 - p) + c_ep * (e - e0) - r_p * p))
        affect.append(_clip(e + a_e * (e0 - e) + c_pe * (p - p0)
                            - r_e * (1 - blunting * p / SCALE_MAX) * e))
    return Trajectory(tuple(range(weeks + 1)), tuple(pain), tuple(affect))


def simulate(treatment: str, model: Model | None = None, **overrides: float) -> Trajectory:
    """Run the model for one treatment preset; keyword arguments override parameters.

    Example: ``simulate("cbt", strength=1.5, coupling_pain_to_affect=0.0)``.
    """
    model = model or load_model()
    values = settings(treatment, model, **overrides)
    pain_rate, affect_rate = treatment_rates(treatment, values, model)
    return run(values, pain_rate, affect_rate, model.blunting)


# ---- plans: several treatments in sequence or together -------------------------------

#: Most steps a plan may have (the plan builder shows this many per plan).
PLAN_MAX_STEPS = 3
STEP_FIELDS = ("treatment", "onset", "duration")


@dataclass(frozen=True)
class Step:
    """One step of a plan: a preset id, the week it starts, and how many weeks it lasts."""

    treatment: str
    onset: int
    duration: int


def _as_step(index: int, raw: object) -> dict[str, object]:
    if isinstance(raw, Step):
        return {"treatment": raw.treatment, "onset": raw.onset, "duration": raw.duration}
    if isinstance(raw, Mapping):
        unknown = sorted(set(raw) - set(STEP_FIELDS))
        if unknown:
            raise ValueError(f"step {index}: '{unknown[0]}' is not a field of a step; fields: {list(STEP_FIELDS)}")
        missing = [f for f in STEP_FIELDS if f not in raw]
        if missing:
            raise ValueError(f"step {index}: field '{missing[0]}' is missing; fields: {list(STEP_FIELDS)}")
        return dict(raw)
    if isinstance(raw, (tuple, list)) and len(raw) == len(STEP_FIELDS):
        return dict(zip(STEP_FIELDS, raw))
    raise ValueError(f"step {index}: {raw!r} is not a step (treatment, onset, duration)")


def check_plan(steps: Any, values: dict[str, float], model: Model | None = None) -> tuple[Step, ...]:
    """The plan's steps, checked against the model and the run's ``values``.

    Each step is a :class:`Step`, a mapping with the fields treatment, onset and duration,
    or a (treatment, onset, duration) tuple. Raises ValueError naming the step (1, 2, ...)
    and the field for: no steps or more than PLAN_MAX_STEPS, an unknown treatment, an onset
    or duration that is not a whole number of weeks, NaN, or outside its allowed range
    (onset 0 to weeks - 1; duration as the model's duration parameter).
    """
    model = model or load_model()
    if isinstance(steps, (str, bytes, Mapping)) or not hasattr(steps, "__iter__"):
        raise ValueError(f"a plan is a list of 1 to {PLAN_MAX_STEPS} steps, not {steps!r}")
    steps = list(steps)
    if not 1 <= len(steps) <= PLAN_MAX_STEPS:
        raise ValueError(f"a plan has 1 to {PLAN_MAX_STEPS} steps; got {len(steps)}")
    weeks = int(values["weeks"])
    limits = {"onset": (0, weeks - 1),
              "duration": (model.parameters["duration"].minimum, model.parameters["duration"].maximum)}
    checked = []
    for index, raw in enumerate(steps, start=1):
        step = _as_step(index, raw)
        treatment = step["treatment"]
        if not isinstance(treatment, str) or treatment not in model.presets:
            raise ValueError(f"step {index}: treatment {treatment!r} is unknown; allowed: {sorted(model.presets)}")
        numbers = {}
        for field, (low, high) in limits.items():
            value = step[field]
            allowed = f"allowed range [{low:g}, {high:g}] weeks"
            if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                raise ValueError(f"step {index}: {field} = {value!r} is not a number; {allowed}")
            if value != int(value):
                raise ValueError(f"step {index}: {field} = {value!r} must be a whole number of weeks")
            if not low <= value <= high:
                raise ValueError(f"step {index}: {field} = {value!r} is outside its {allowed}")
            numbers[field] = int(value)
        checked.append(Step(treatment, numbers["onset"], numbers["duration"]))
    return tuple(checked)


def plan_periods(steps: tuple[Step, ...], values: dict[str, float],
                 model: Model | None = None) -> tuple[tuple[float, float, float, float], ...]:
    """(start, stop, r_P, r_E) of each checked step, for :func:`run_plan`."""
    model = model or load_model()
    return tuple((float(s.onset), float(s.onset + s.duration), *treatment_rates(s.treatment, values, model))
                 for s in steps)


def simulate_plan(steps: Any, model: Model | None = None, **overrides: float) -> Trajectory:
    """Run the model for a plan: a list of steps (treatment, onset week, duration in
    weeks) whose weekly rates add up while they overlap; keyword arguments override
    parameters (``onset`` and ``duration`` come from the steps, not from overrides).

    Example, a SCAMP-like sequence: ``simulate_plan([("antidepressant", 0, 12),
    ("cbt", 12, 12)])``. Adding rates is a teaching assumption (see ADDITIVITY).
    """
    model = model or load_model()
    for name in ("onset", "duration"):
        if name in overrides:
            raise ValueError(f"{name} is set by each step of a plan, not as a parameter")
    values = settings(next(iter(model.presets)), model, onset=0, **overrides)
    checked = check_plan(steps, values, model)
    return run_plan(values, plan_periods(checked, values, model), model.blunting)
