"""Check every data file in ``assets/`` at once: ``python -m painmood.validate``.

The book build runs this first (``painmood.sphinxext``), so a malformed quiz, region,
model or glossary file stops the build with a message naming the file, the item and
the field, even if no page displays that file yet.
"""

from __future__ import annotations

import sys

from painmood.datafiles import DataFileError
from painmood.evidence import EVIDENCE_DIR, load_evidence
from painmood.evidence_map import load_evidence_map
from painmood.glossary import load_glossary
from painmood.improvement import load_all as load_all_improvements
from painmood.model import load_model
from painmood.neurochemistry import load_neurochemistry
from painmood.nnt import load_nnt
from painmood.quiz import load_all_quizzes
from painmood.regions import load_circuits, load_regions
from painmood.synapse import load_synapse
from painmood.teaching import load_all_teaching
from painmood.treatments import load_treatments


def validate_all() -> None:
    """Load (and so validate) every data file; raise DataFileError at the first problem."""
    load_treatments()
    load_circuits()
    load_regions()
    load_model()
    load_all_quizzes()
    load_glossary()
    load_all_teaching()
    for table in sorted(EVIDENCE_DIR.glob("*.yaml")):
        load_evidence(table.stem)
    load_evidence_map()
    load_neurochemistry()
    load_synapse()
    load_nnt()
    load_all_improvements()


def main() -> None:
    try:
        validate_all()
    except DataFileError as error:
        sys.exit(f"invalid data file: {error}")
    print("all data files are valid")


if __name__ == "__main__":
    main()
