#!/usr/bin/env bash
# Regenerate the PNG previews in docs/: page one of the Indemnification Agreement and the
# signature page of the General Release, as the PDF writer lays them out for the seed term
# sheet (variables/nhtc-2006.yaml).
#
#   bash docs/make_previews.sh            # uses .venv/bin/python
#   PYTHON=python3 bash docs/make_previews.sh
#
# Needs pdftoppm (Debian/Ubuntu: apt-get install poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
command -v pdftoppm >/dev/null || { echo "make_previews: pdftoppm is missing (poppler-utils)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" - "$work" <<'PY'
import sys
from pathlib import Path

from generator import assemble
from generator.writers import get_writer

write_pdf = get_writer("pdf")
for document_id in ("indemnification", "release"):
    document = assemble(document_id, "variables/nhtc-2006.yaml")
    Path(sys.argv[1], f"{document_id}.pdf").write_bytes(write_pdf(document))
PY

# name, page
for preview in "indemnification 1" "release 2"; do
  set -- $preview
  pdftoppm -r 80 -png -f "$2" -l "$2" -singlefile "$work/$1.pdf" "docs/$1-page-$2"
  echo "docs/$1-page-$2.png"
done
