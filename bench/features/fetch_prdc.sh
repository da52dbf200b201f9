#!/usr/bin/env bash
# Puts clovaai/generative-evaluation-prdc's prdc/prdc.py (MIT) at $PRDC_PY (default /work/bench-ref/prdc.py),
# taken at run time from a (bare) clone; the file is never committed to this repository.
#   PRDC_GIT_DIR=/work/.mirror/clovaai+generative-evaluation-prdc/repo   an existing clone, if any
set -euo pipefail
PRDC_PY=${PRDC_PY:-/work/bench-ref/prdc.py}
PRDC_GIT_DIR=${PRDC_GIT_DIR:-/work/.mirror/clovaai+generative-evaluation-prdc/repo}
[ -f "$PRDC_PY" ] && exit 0
mkdir -p "$(dirname "$PRDC_PY")"
if [ ! -d "$PRDC_GIT_DIR" ]; then
  PRDC_GIT_DIR=$(dirname "$PRDC_PY")/generative-evaluation-prdc.git
  [ -d "$PRDC_GIT_DIR" ] || git clone -q --bare https://github.com/clovaai/generative-evaluation-prdc "$PRDC_GIT_DIR"
fi
git --git-dir "$PRDC_GIT_DIR" show HEAD:prdc/prdc.py >"$PRDC_PY.tmp"
mv "$PRDC_PY.tmp" "$PRDC_PY"
echo "fetch_prdc: $PRDC_PY from $PRDC_GIT_DIR at $(git --git-dir "$PRDC_GIT_DIR" rev-parse HEAD)" >&2
