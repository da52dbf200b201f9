#!/usr/bin/env bash
# ModeWatch vs. NDB-paper reference benchmark.  See bench/README.md.
#
#   bench/run.sh                 # full size: 20,000 x 12,288, K=100; FD at d=2,048, n=10,000
#   SIZE=small bench/run.sh      # smoke test: 2,000 x 768, K=20; FD at d=256, n=1,000
#
# Environment knobs (all optional):
#   SIZE=full|small   N_REAL N_GEN DIM K MAX_DIMS FD_DIM FD_N SEED WHITEN=0|1 DTYPE=float32|float64 ALPHA
#   RUNS=3            hyperfine runs for the short tasks (evaluate, fsd)
#   FIT_RUNS=3        alternating fit runs: reference, ours, reference, ours, ... (FIT_RUNS of each)
#   FD=1              0: skip the Frechet tasks (their data is float64 whatever DTYPE is)
#   NDB_PY=/work/bench-ref/ndb.py   reference file (extracted from NDB_GIT_DIR if missing)
#   NDB_GIT_DIR=/work/.mirror/eitanrich+gans-n-gmms/repo   bare git dir of eitanrich/gans-n-gmms
#   JAR=target/modewatch-cli.jar  JAVA=java  JAVA_OPTS=""   our CLI
#   INSTALL=1         apt-get update && apt-get install the Debian packages (needs root)
#   BUILD=1           build the jar with Maven if it is missing
#   NMT=0             1: one extra fit run with -XX:NativeMemoryTracking=summary
#   WORK_DIR=bench/work
#   Shared machine (other builds may run on the same cores; see bench/loadmon.py):
#   QUIET_WAIT=600    before each timed step wait up to this many seconds for the machine to be quiet
#   QUIET_BUSY=10     "quiet" = at most this % of all CPUs busy over a 3 s window
#   MAX_OTHER=0.10    a step is rerun when other processes used more than this share of the machine
#   ATTEMPTS=3        at most this many runs per step (every attempt is recorded in logs/NAME.load.json)
set -uo pipefail
# the command as given (knobs set in the environment), recorded with the results
COMMAND_LINE="$(for v in SIZE N_REAL N_GEN DIM K MAX_DIMS FD_DIM FD_N SEED WHITEN DTYPE ALPHA RUNS FIT_RUNS FD JAR JAVA JAVA_OPTS INSTALL \
  BUILD NMT QUIET_WAIT QUIET_BUSY MAX_OTHER ATTEMPTS NDB_PY NDB_GIT_DIR WORK_DIR; do
  [ -n "${!v+x}" ] && printf '%s=%q ' "$v" "${!v}"; done)bench/run.sh"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PY=/usr/bin/python3          # Debian's python3 (sklearn/scipy from apt), never the pyenv one
SIZE=${SIZE:-full}
case "$SIZE" in
  full)  d_n_real=20000 d_n_gen=5000 d_dim=12288 d_k=100 d_fd_dim=2048 d_fd_n=10000 ;;
  small) d_n_real=2000  d_n_gen=500  d_dim=768   d_k=20  d_fd_dim=256  d_fd_n=1000 ;;
  *) echo "run.sh: SIZE must be full or small" >&2; exit 2 ;;
esac
N_REAL=${N_REAL:-$d_n_real}; N_GEN=${N_GEN:-$d_n_gen}; DIM=${DIM:-$d_dim}; K=${K:-$d_k}
FD_DIM=${FD_DIM:-$d_fd_dim}; FD_N=${FD_N:-$d_fd_n}; SEED=${SEED:-0}
WHITEN=${WHITEN:-0}; DTYPE=${DTYPE:-float32}; ALPHA=${ALPHA:-0.05}; RUNS=${RUNS:-3}; FIT_RUNS=${FIT_RUNS:-3}; FD=${FD:-1}
# The reference uses d//6 dims for K-means when d > 1000; pass the same number to both sides.
if [ -z "${MAX_DIMS:-}" ]; then if [ "$DIM" -gt 1000 ]; then MAX_DIMS=$((DIM / 6)); else MAX_DIMS=$DIM; fi; fi
WORK=${WORK_DIR:-$HERE/work}
LOGS=$WORK/logs
NDB_PY_DEFAULT=/work/bench-ref/ndb.py
export NDB_PY=${NDB_PY:-$NDB_PY_DEFAULT}
NDB_GIT_DIR=${NDB_GIT_DIR:-/work/.mirror/eitanrich+gans-n-gmms/repo}
JAR=${JAR:-$ROOT/target/modewatch-cli.jar}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
INSTALL=${INSTALL:-1}; BUILD=${BUILD:-1}; NMT=${NMT:-0}
QUIET_WAIT=${QUIET_WAIT:-600}; QUIET_BUSY=${QUIET_BUSY:-10}; MAX_OTHER=${MAX_OTHER:-0.10}; ATTEMPTS=${ATTEMPTS:-3}
export MPLBACKEND=Agg

say() { printf '\n== %s\n' "$*" >&2; }
mkdir -p "$WORK" "$LOGS"
rm -f "$LOGS"/*.out "$LOGS"/*.err "$LOGS"/*.time "$LOGS"/*.rc "$LOGS"/*.hf.json "$LOGS"/*.hf.txt "$LOGS"/*.gc.log \
  "$LOGS"/*.nmt "$LOGS"/*.load.json "$LOGS"/*.snap?.json "$LOGS"/run_*.txt
{ date -Is; uptime; } >"$LOGS/run_start.txt"

# ---------------------------------------------------------------- packages
if [ "$INSTALL" = 1 ]; then
  say "apt-get install (python3-sklearn python3-scipy python3-numpy python3-matplotlib hyperfine time)"
  if ! { apt-get update -q >"$LOGS/apt.log" 2>&1 &&
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-sklearn python3-scipy python3-numpy \
           python3-matplotlib hyperfine time >>"$LOGS/apt.log" 2>&1; }; then
    echo "run.sh: apt-get failed (see $LOGS/apt.log); continuing with what is installed" >&2
  fi
fi
for tool in /usr/bin/time hyperfine "$PY"; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool missing (INSTALL=1 installs it)" >&2; exit 1; }
done

# ---------------------------------------------------------------- reference code (never committed)
if [ ! -f "$NDB_PY" ] || { [ "$NDB_PY" = "$NDB_PY_DEFAULT" ] && [ -d "$NDB_GIT_DIR" ]; }; then
  mkdir -p "$(dirname "$NDB_PY")"
  if [ ! -d "$NDB_GIT_DIR" ]; then
    say "cloning eitanrich/gans-n-gmms (bare) into $NDB_GIT_DIR"
    git clone -q --bare https://github.com/eitanrich/gans-n-gmms "$NDB_GIT_DIR" ||
      { echo "run.sh: cannot get the reference; put utils/ndb.py at \$NDB_PY (see bench/README.md)" >&2; exit 1; }
  fi
  git --git-dir="$NDB_GIT_DIR" show HEAD:utils/ndb.py >"$NDB_PY.tmp" && mv "$NDB_PY.tmp" "$NDB_PY" ||
    { echo "run.sh: git show HEAD:utils/ndb.py failed in $NDB_GIT_DIR" >&2; exit 1; }
  git --git-dir="$NDB_GIT_DIR" rev-parse HEAD >"$LOGS/ndb_commit.txt" 2>/dev/null
fi
sha256sum "$NDB_PY" | cut -d' ' -f1 >"$LOGS/ndb_sha256.txt"

# ---------------------------------------------------------------- our jar
if [ ! -f "$JAR" ] && [ "$BUILD" = 1 ]; then
  say "building $JAR (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) >"$LOGS/mvn.log" 2>&1 ||
    echo "run.sh: Maven build failed (see $LOGS/mvn.log); ModeWatch side will be 'not available'" >&2
fi
HAVE_JAR=0; [ -f "$JAR" ] && HAVE_JAR=1
[ "$HAVE_JAR" = 1 ] || echo "run.sh: $JAR not found: ModeWatch side will be 'not available'" >&2
# shellcheck disable=SC2206
JCMD=($JAVA $JAVA_OPTS -jar "$JAR")

# ---------------------------------------------------------------- helpers
# timed NAME CMD...   run once under /usr/bin/time -v; stdout/stderr/rc/time into $LOGS/NAME.*
timed() {
  local name=$1; shift
  /usr/bin/time -v -o "$LOGS/$name.time" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"
  local rc=$?
  echo "$rc" >"$LOGS/$name.rc"
  return "$rc"
}
# hf NAME CMD...      hyperfine --runs $RUNS (no shell) into $LOGS/NAME.hf.json
hf() {
  local name=$1; shift
  local cmd; cmd=$(printf '%q ' "$@")
  hyperfine -N --runs "$RUNS" --export-json "$LOGS/$name.hf.json" "$cmd" >"$LOGS/$name.hf.txt" 2>&1 ||
    echo "run.sh: hyperfine $name failed (see $LOGS/$name.hf.txt)" >&2
}
# valid_json NAME KEY...  stdout of NAME is a JSON object containing all KEYs
valid_json() {
  local name=$1; shift
  "$PY" - "$LOGS/$name.out" "$@" <<'EOF' 2>/dev/null
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    sys.exit(1)
sys.exit(0 if isinstance(d, dict) and all(k in d for k in sys.argv[2:]) else 1)
EOF
}
ours_ok() { [ "$HAVE_JAR" = 1 ] && [ "$(cat "$LOGS/$1.rc" 2>/dev/null)" = 0 ]; }
# measure NAME MODE KEYS CMD...   one timed step on a shared machine: wait until the machine is quiet,
#   run CMD once under /usr/bin/time -v (MODE=once) or that plus hyperfine (MODE=hf; only when the first run
#   succeeded and, if KEYS is not empty, printed a JSON object with those keys), then account the CPU other
#   processes used meanwhile (loadmon.py); rerun while that exceeds MAX_OTHER, at most ATTEMPTS times.
#   The last attempt's logs are the ones reported; every attempt's timing and load is in NAME.load.json.
measure() {
  local name=$1 mode=$2 keys=$3; shift 3
  local attempt=1 rc acc waited
  while :; do
    waited=$("$PY" "$HERE/loadmon.py" quiet --max-wait "$QUIET_WAIT" --busy "$QUIET_BUSY")
    "$PY" "$HERE/loadmon.py" snap "$LOGS/$name.snap0.json"
    rm -f "$LOGS/$name.hf.json"
    timed "$name" "$@"; rc=$?
    if [ "$rc" = 0 ] && [ "$mode" = hf ]; then
      # shellcheck disable=SC2086
      if [ -z "$keys" ] || valid_json "$name" $keys; then hf "$name" "$@"; fi
    fi
    "$PY" "$HERE/loadmon.py" snap "$LOGS/$name.snap1.json"
    "$PY" "$HERE/loadmon.py" account "$name" "$LOGS" "$attempt" "$LOGS/$name.snap0.json" "$LOGS/$name.snap1.json" \
      --max-other "$MAX_OTHER" --waited "$waited"
    acc=$?
    if [ "$acc" = 0 ] || [ "$rc" != 0 ] || [ "$attempt" -ge "$ATTEMPTS" ]; then break; fi
    attempt=$((attempt + 1))
  done
  return "$rc"
}

WH_REF=(); WH_OURS=()
[ "$WHITEN" = 1 ] && { WH_REF=(--whiten); WH_OURS=(--whiten); }

# ---------------------------------------------------------------- data
say "make_data: n_real=$N_REAL n_gen=$N_GEN dim=$DIM, fd_n=$FD_N fd_dim=$FD_DIM, seed=$SEED"
"$PY" "$HERE/make_data.py" --work-dir "$WORK" --n-real "$N_REAL" --n-gen "$N_GEN" --dim "$DIM" \
  --fd-dim "$FD_DIM" --fd-n "$FD_N" --seed "$SEED" --dtype "$DTYPE" >&2 || { echo "run.sh: make_data failed" >&2; exit 1; }
rm -f "$WORK/ref_bins.npz" "$WORK/ours_bins.npz"

# ---------------------------------------------------------------- NDB fit
# FIT_RUNS alternating runs (ref_fit_1, ours_fit_1, ref_fit_2, ours_fit_2, ...), so that a slow phase of the
# shared machine hits both sides alike; the bins of the last run of each side are the ones evaluated.
OURS_FIT=0; OURS_FIT_FAILED=0
# JVM heap via unified GC logging (heap only: ND4J's off-heap memory shows up in RSS, not here)
for i in $(seq 1 "$FIT_RUNS"); do
  say "NDB fit run $i/$FIT_RUNS, reference (K=$K, max_dims=$MAX_DIMS, whiten=$WHITEN)"
  measure "ref_fit_$i" once "" "$PY" "$HERE/reference_ndb.py" fit --real "$WORK/real.npy" --bins "$K" \
    --max-dims "$MAX_DIMS" --seed "$SEED" --out "$WORK/ref_bins.npz" "${WH_REF[@]}" ||
    echo "run.sh: reference fit $i failed (see $LOGS/ref_fit_$i.err)" >&2
  if [ "$HAVE_JAR" = 1 ] && [ "$OURS_FIT_FAILED" = 0 ]; then
    say "NDB fit run $i/$FIT_RUNS, ModeWatch"
    # shellcheck disable=SC2206
    JFIT=($JAVA $JAVA_OPTS "-Xlog:gc:file=$LOGS/ours_fit_$i.gc.log" -jar "$JAR")
    rm -f "$WORK/ours_bins.npz"
    measure "ours_fit_$i" once "" "${JFIT[@]}" fit-reference --real "$WORK/real.npy" --bins "$K" --max-dims "$MAX_DIMS" \
      --seed "$SEED" --out "$WORK/ours_bins.npz" "${WH_OURS[@]}"
    if ours_ok "ours_fit_$i" && [ -f "$WORK/ours_bins.npz" ]; then OURS_FIT=1
    else OURS_FIT=0; OURS_FIT_FAILED=1
      echo "run.sh: ModeWatch fit-reference not available (see $LOGS/ours_fit_$i.err / .out)" >&2; fi
  fi
done
if [ "$OURS_FIT" = 1 ] && [ "$NMT" = 1 ]; then
  say "NDB fit, ModeWatch, extra run with NativeMemoryTracking"
  # shellcheck disable=SC2206
  JNMT=($JAVA $JAVA_OPTS -XX:NativeMemoryTracking=summary -XX:+UnlockDiagnosticVMOptions -XX:+PrintNMTStatistics -jar "$JAR")
  timed ours_fit_nmt "${JNMT[@]}" fit-reference --real "$WORK/real.npy" --bins "$K" --max-dims "$MAX_DIMS" \
    --seed "$SEED" --out "$WORK/ours_bins_nmt.npz" "${WH_OURS[@]}"
fi

say "K-means objective of both bin sets on real.npy"
OBJ_BINS=("$WORK/ref_bins.npz"); [ "$OURS_FIT" = 1 ] && OBJ_BINS+=("$WORK/ours_bins.npz")
timed objective "$PY" "$HERE/objective.py" "${OBJ_BINS[@]}" --real "$WORK/real.npy" ||
  echo "run.sh: objective failed (see $LOGS/objective.err)" >&2

# ---------------------------------------------------------------- NDB evaluate
for g in gen_good gen_collapsed; do
  say "NDB evaluate $g"
  REFE=("$PY" "$HERE/reference_ndb.py" evaluate --bins-npz "$WORK/ref_bins.npz" --generated "$WORK/$g.npy" --alpha "$ALPHA")
  measure "ref_eval_$g" hf "" "${REFE[@]}"
  if [ "$OURS_FIT" = 1 ]; then
    OURE=("${JCMD[@]}" ndb --reference "$WORK/ours_bins.npz" --generated "$WORK/$g.npy" --alpha "$ALPHA" --json)
    measure "ours_eval_$g" hf "ndb js bins" "${OURE[@]}"
    if ! { ours_ok "ours_eval_$g" && valid_json "ours_eval_$g" ndb js bins; }; then
      echo "run.sh: ModeWatch ndb not available for $g (see $LOGS/ours_eval_$g.*)" >&2; fi
    # Same-bins check: the reference's evaluate on OUR bins should give our NDB exactly.
    timed "ref_on_ours_eval_$g" "$PY" "$HERE/reference_ndb.py" evaluate --bins-npz "$WORK/ours_bins.npz" \
      --generated "$WORK/$g.npy" --alpha "$ALPHA" || true
  fi
done

# ---------------------------------------------------------------- Frechet distance
if [ "$FD" = 1 ]; then
say "Frechet distance from stats (d=$FD_DIM)"
REFS=("$PY" "$HERE/reference_frechet.py" stats --a "$WORK/stats_a.npz" --b "$WORK/stats_b.npz")
measure ref_fd_stats hf "" "${REFS[@]}"
if [ "$HAVE_JAR" = 1 ]; then
  OURS=("${JCMD[@]}" fsd --real-stats "$WORK/stats_a.npz" --generated-stats "$WORK/stats_b.npz" --json)
  measure ours_fd_stats hf distance "${OURS[@]}"
  if ! { ours_ok ours_fd_stats && valid_json ours_fd_stats distance; }; then
    echo "run.sh: ModeWatch fsd (stats) not available (see $LOGS/ours_fd_stats.*)" >&2; fi
fi

say "Frechet distance from samples (n=$FD_N, d=$FD_DIM)"
REFM=("$PY" "$HERE/reference_frechet.py" samples --a "$WORK/feat_a.npy" --b "$WORK/feat_b.npy")
measure ref_fd_samples hf "" "${REFM[@]}"
if [ "$HAVE_JAR" = 1 ]; then
  OURM=("${JCMD[@]}" fsd --real "$WORK/feat_a.npy" --generated "$WORK/feat_b.npy" --json)
  measure ours_fd_samples hf distance "${OURM[@]}"
  if ! { ours_ok ours_fd_samples && valid_json ours_fd_samples distance; }; then
    echo "run.sh: ModeWatch fsd (samples) not available (see $LOGS/ours_fd_samples.*)" >&2; fi
fi
fi

# ---------------------------------------------------------------- summary
say "summary"
{ date -Is; uptime; } >"$LOGS/run_end.txt"
"$PY" "$HERE/summarize.py" --work-dir "$WORK" --size "$SIZE" --have-jar "$HAVE_JAR" --jar "$JAR" \
  --command "$COMMAND_LINE" --real-bytes "$(stat -c %s "$WORK/real.npy")" \
  --params "n_real=$N_REAL" "n_gen=$N_GEN" "dim=$DIM" "k=$K" "max_dims=$MAX_DIMS" "whiten=$WHITEN" "dtype=$DTYPE" \
           "alpha=$ALPHA" "fd_dim=$FD_DIM" "fd_n=$FD_N" "seed=$SEED" "runs=$RUNS" "fit_runs=$FIT_RUNS" "java_opts=$JAVA_OPTS"
