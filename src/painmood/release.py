"""The course's version, how to cite it, and the offline release (``make dist``).

* The version lives in ``pyproject.toml`` (``[project] version``); :func:`course_version`
  reads it, and the site's footer shows it. ``CITATION.cff`` must name the same version:
  :func:`load_citation` refuses a file that does not, so the build stops before a site
  can show one version and ask to be cited as another.
* :func:`citation_text` and :func:`citation_bibtex` make the About page's "How to cite"
  from ``CITATION.cff`` (the ``painmood-how-to-cite`` directive of
  :mod:`painmood.sphinxext`).
* :func:`make_dist` writes ``_build/dist/``: the built site as a zip that works opened
  from disk, the notebooks archive, the whole-book PDF and ``SHA256SUMS``::

      python -m painmood.release dist [--site _build/html] [--pdf _build/pdf/...] [--output _build/dist]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import shutil
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from painmood.paths import REPO_ROOT

PYPROJECT = REPO_ROOT / "pyproject.toml"
CITATION_FILE = REPO_ROOT / "CITATION.cff"
#: How the licences named in CITATION.cff read on the page, and what each covers.
LICENCE_NAMES = {"CC-BY-4.0": "CC BY 4.0", "MIT": "MIT"}
LICENCE_SCOPE = {"CC-BY-4.0": "course text and data", "MIT": "code"}
#: Fixed dates inside the archives, so two releases of the same files are identical.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
SHA256SUMS = "SHA256SUMS"


class CitationError(ValueError):
    """CITATION.cff lacks a field the site needs, or disagrees with pyproject.toml."""


def course_version(pyproject: Path = PYPROJECT) -> str:
    """The course's version, from ``pyproject.toml`` (the one place it is written)."""
    with pyproject.open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


@dataclass(frozen=True)
class Citation:
    """The fields of CITATION.cff the site shows."""

    title: str
    authors: tuple[str, ...]
    version: str
    date_released: datetime.date | None
    licences: tuple[str, ...]
    message: str
    repository: str = ""
    url: str = ""

    @property
    def year(self) -> str:
        return str(self.date_released.year) if self.date_released else "n.d."


def _author_name(author: dict[str, object]) -> str:
    if "name" in author:  # an entity, e.g. "The Pain and Mood course contributors"
        return str(author["name"])
    parts = [author.get("given-names"), author.get("name-particle"), author.get("family-names")]
    return " ".join(str(p) for p in parts if p)


def load_citation(path: Path = CITATION_FILE, version: str | None = None) -> Citation:
    """Read ``CITATION.cff``; its version must equal ``version`` (default: pyproject's)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CitationError(f"{path}: not a YAML mapping")
    missing = [k for k in ("cff-version", "message", "title", "authors", "version", "license") if not data.get(k)]
    if missing:
        raise CitationError(f"{path}: missing {', '.join(missing)}")
    expected = version or course_version()
    if str(data["version"]) != expected:
        raise CitationError(f"{path}: version {data['version']} differs from pyproject.toml's {expected}; "
                            "give both the same version")
    licences = data["license"] if isinstance(data["license"], list) else [data["license"]]
    unknown = [lic for lic in licences if lic not in LICENCE_NAMES]
    if unknown:
        raise CitationError(f"{path}: license {unknown[0]!r} is not one the site can name ({', '.join(LICENCE_NAMES)})")
    released = data.get("date-released")
    if isinstance(released, str):
        released = datetime.date.fromisoformat(released)
    return Citation(
        title=str(data["title"]), authors=tuple(_author_name(a) for a in data["authors"]),
        version=str(data["version"]), date_released=released, licences=tuple(licences),
        message=" ".join(str(data["message"]).split()),
        repository=str(data.get("repository-code", "")), url=str(data.get("url", "")),
    )


def authors_text(citation: Citation) -> str:
    names = list(citation.authors)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def licence_text(citation: Citation) -> str:
    """"CC BY 4.0 (course text and data) and MIT (code)"."""
    return " and ".join(f"{LICENCE_NAMES[lic]} ({LICENCE_SCOPE[lic]})" for lic in citation.licences)


def citation_text(citation: Citation) -> str:
    """The reference as one plain line (the page sets the title in italics)."""
    where = f" {citation.url or citation.repository}" if (citation.url or citation.repository) else ""
    return (f"{authors_text(citation)} ({citation.year}). {citation.title}. Open online course, "
            f"version {citation.version}.{where} Licensed {licence_text(citation)}.")


def citation_bibtex(citation: Citation) -> str:
    """The same reference as a BibTeX entry."""
    fields = [("author", "{" + " and ".join("{" + a + "}" for a in citation.authors) + "}"),
              ("title", "{{" + citation.title + "}}"),  # double braces keep its capitals
              ("year", "{" + citation.year + "}"),
              ("version", "{" + citation.version + "}"),
              ("note", "{Open online course}")]
    if citation.url or citation.repository:
        fields.append(("url", "{" + (citation.url or citation.repository) + "}"))
    key = f"painmood{citation.year}"
    return "@misc{" + key + ",\n" + ",\n".join(f"  {name} = {value}" for name, value in fields) + "\n}"


# --- the offline release --------------------------------------------------------------

def _zip_folder(folder: Path, archive: Path, prefix: str) -> None:
    """Zip ``folder`` as ``prefix/...`` with fixed dates, files in a stable order."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if relative.startswith(".") or "/." in relative:  # build caches, stamps
                continue
            info = zipfile.ZipInfo(f"{prefix}/{relative}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, path.read_bytes())


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(folder: Path, names: list[str]) -> Path:
    """``SHA256SUMS`` in the format ``sha256sum -c`` reads."""
    lines = [f"{sha256(folder / name)}  {name}\n" for name in sorted(names)]
    target = folder / SHA256SUMS
    target.write_text("".join(lines), encoding="utf-8")
    return target


def check_checksums(folder: Path) -> list[str]:
    """Problems found checking ``SHA256SUMS`` against the files beside it (empty if all match)."""
    problems = []
    for line in (folder / SHA256SUMS).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        if not (folder / name).is_file():
            problems.append(f"{name}: missing")
        elif sha256(folder / name) != digest:
            problems.append(f"{name}: checksum differs")
    return problems


def dist_names(version: str) -> dict[str, str]:
    return {"site": f"painmood-site-{version}.zip", "notebooks": f"painmood-notebooks-{version}.zip",
            "pdf": f"painmood-{version}.pdf"}


def make_dist(site: Path, pdf: Path, output: Path, version: str | None = None) -> dict[str, Path]:
    """Write the release into ``output`` (emptied first) and return its files by kind."""
    version = version or course_version()
    site, pdf = Path(site), Path(pdf)
    notebooks = site / "notebooks" / "painmood-notebooks.zip"
    for needed, how in ((site / "index.html", "build the book first (make book)"),
                        (notebooks, "build the book first (make book)"),
                        (pdf, "print the book first (make pdf)")):
        if not needed.is_file():
            raise FileNotFoundError(f"{needed} is missing: {how}")
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    names = dist_names(version) | {"pdf": pdf.name}
    files = {kind: output / name for kind, name in names.items()}
    _zip_folder(site, files["site"], f"painmood-site-{version}")
    shutil.copy(notebooks, files["notebooks"])
    shutil.copy(pdf, files["pdf"])
    files["sums"] = write_checksums(output, list(names.values()))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The offline release of the course (make dist).")
    sub = parser.add_subparsers(dest="command", required=True)
    dist = sub.add_parser("dist", help="zip the built site, copy the notebooks archive and the PDF, write SHA256SUMS")
    dist.add_argument("--site", type=Path, default=REPO_ROOT / "_build" / "html")
    dist.add_argument("--pdf", type=Path, default=None, help="default: what make pdf wrote, _build/pdf/painmood-VERSION.pdf")
    dist.add_argument("--solutions", action="store_true", help="take the PDF printed with solutions (make pdf SOLUTIONS=1)")
    dist.add_argument("--output", type=Path, default=REPO_ROOT / "_build" / "dist")
    sub.add_parser("version", help="print the course version")
    args = parser.parse_args(argv)
    version = course_version()
    if args.command == "version":
        print(version)
        return 0
    from painmood.pdf import default_output

    pdf = args.pdf or default_output(args.solutions)
    try:
        files = make_dist(args.site, pdf, args.output, version)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    for kind in ("site", "notebooks", "pdf", "sums"):
        size = files[kind].stat().st_size
        print(f"{files[kind]}  ({size / 1e6:.1f} MB)" if size > 1e5 else str(files[kind]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
