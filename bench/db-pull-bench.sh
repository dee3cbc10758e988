#!/usr/bin/env bash
# Issue 13 "Numbers to print": `db pull` from a local registry + a cold scan of the bench image, against the cold scan
# alone, whole process, in the same run. Starts its own docker-registry (plain HTTP) on a free 127.0.0.1 port, pushes
# a database to it, then per round: (a) cold `image` with the database already local; (b) `db pull` into an empty
# directory, then the same cold `image`; (c) one `image --db-repository` with no local database (pull inside the scan);
# (d) a second `db pull` after one feed changed (only that feed's layer moves).
# The database: $BENCH_DB if given; otherwise a generated one (see gen_feeds below for the counts and why).
# Usage: [RUNS=3] [BENCH_DB=vuln.db] bench/db-pull-bench.sh [OCI_DIR:TAG]  (default /tmp/drydock-bench/oci:bench)
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:-/tmp/drydock-bench/oci:bench}
DIR=${TARGET%:*}
[ -d "$DIR/blobs" ] || { echo "db-pull-bench: no OCI layout at $DIR; run bench/build-bench-image.sh first" >&2; exit 2; }
command -v docker-registry >/dev/null || { echo "db-pull-bench: docker-registry is not installed (scripts/install-deps.sh)" >&2; exit 2; }
if [ -z "${DRYDOCK_BIN:-}" ]; then
  dotnet build src/Drydock.Cli -c Release -nologo -clp:ErrorsOnly -v:q -m:1 >&2
  DRYDOCK=(dotnet src/Drydock.Cli/bin/Release/net10.0/drydock.dll)
else
  DRYDOCK=("$DRYDOCK_BIN")
fi
WORK=$(mktemp -d /tmp/drydock-db-pull-bench.XXXXXX)
REGISTRY_PID=
HTTP_PID=
cleanup() { for pid in $REGISTRY_PID $HTTP_PID; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

. bench/lib-registry.sh
start_registry db-pull-bench

# A generated Debian tracker export and Alpine secdb of about the real feeds' size: the Debian tracker's JSON holds
# about 35,000 CVE entries over about 5,000 source packages with 3-4 releases each (security-tracker.debian.org, 2025);
# Alpine's secdb about 10,000 fixes over 2,000 packages per branch. Descriptions are ~200 characters, as in the tracker.
gen_feeds() { # DIR SEED
  python3 - "$1" "$2" <<'PY'
import json, os, random, sys
out, seed = sys.argv[1], int(sys.argv[2])
rnd = random.Random(seed)
os.makedirs(f"{out}/debian-tracker", exist_ok=True)
tracker = {}
for p in range(5000):
    cves = {}
    for c in range(7):
        n = p * 7 + c
        rel = {}
        for r in ("bullseye", "bookworm", "trixie", "sid"):
            if rnd.random() < 0.5:
                rel[r] = {"status": "resolved", "fixed_version": f"{rnd.randint(1,9)}.{rnd.randint(0,20)}-{rnd.randint(1,5)}", "urgency": rnd.choice(["low", "medium", "high"])}
            else:
                rel[r] = {"status": "open", "urgency": rnd.choice(["unimportant", "low", "not yet assigned"])}
        cves[f"CVE-{2000 + n % 25}-{10000 + n}"] = {"description": ("x" * 180) + f" {n} {seed}", "releases": rel}
    tracker[f"pkg{p}"] = cves
json.dump(tracker, open(f"{out}/debian-tracker/tracker.json", "w"))
os.makedirs(f"{out}/alpine-secdb/v3.20", exist_ok=True)
pkgs = [{"pkg": {"name": f"apk{p}", "secfixes": {f"1.{i}.0-r0": [f"CVE-2024-{p * 5 + i}"] for i in range(5)}}} for p in range(2000)]
json.dump({"distroversion": "v3.20", "reponame": "main", "packages": pkgs}, open(f"{out}/alpine-secdb/v3.20/main.json", "w"))
PY
}

# The feeds are served over HTTP (python3 http.server) so that `db update --only debian-tracker` can later change one
# feed and carry the other over as it was, as a real nightly update does.
mkdir -p "$WORK/serve"
FEED_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 "$FEED_PORT" --directory "$WORK/serve" > "$WORK/http.log" 2>&1 &
HTTP_PID=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$FEED_PORT/" >/dev/null && break; sleep 0.1; done
update() { # DB FEED...
  local db=$1; shift
  "${DRYDOCK[@]}" db update --db "$db" --retries 1 --feed "debian-tracker=http://127.0.0.1:$FEED_PORT/debian-tracker/tracker.json" \
    --feed "alpine-secdb=http://127.0.0.1:$FEED_PORT/alpine-secdb/" $(printf -- '--only %s ' "$@") 2>/dev/null
}
if [ -n "${BENCH_DB:-}" ]; then
  cp "$BENCH_DB" "$WORK/source.db"
else
  gen_feeds "$WORK/serve" 1
  update "$WORK/source.db" debian-tracker alpine-secdb
fi
REF=$HOST/bench/db
push_out=$("${DRYDOCK[@]}" db push "$REF" --db "$WORK/source.db" --insecure-registry "$HOST" 2>&1 >/dev/null | grep pushed)
echo "database: $(du -b "$WORK/source.db" | cut -f1) bytes; ${push_out#drydock: }"

. bench/measure.sh
# As measure, plus the CPU time (user + sys): "wall_seconds peak_rss_mb cpu_seconds". On a shared machine the CPU time
# is the figure to compare; wall time includes waiting for a core.
measure_cpu() {
  local out="$WORK/time.txt" start end rss user sys
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$out" "$@" >/dev/null 2>>"$WORK/stderr.log"
  end=$(date +%s.%N)
  read -r rss user sys < <(tail -1 "$out")
  echo "$(echo "$end - $start" | bc) $(echo "$rss / 1024" | bc -l) $(echo "$user + $sys" | bc -l)"
}
SCAN=("${DRYDOCK[@]}" image "oci:$TARGET" --scanners vuln,controls --quiet --no-cache)

RUNS=${RUNS:-3}
echo "image: $TARGET, $RUNS round(s)"
: > "$WORK/rounds.txt"
for round in $(seq 1 "$RUNS"); do
  r=$WORK/round-$round; mkdir -p "$r/local" "$r/pulled" "$r/auto"
  cp "$WORK/source.db" "$r/local/vuln.db"
  alone=$(DRYDOCK_CACHE_DIR="$r/local" measure_cpu "${SCAN[@]}" --db "$r/local/vuln.db")
  pull=$(DRYDOCK_CACHE_DIR="$r/pulled" measure_cpu "${DRYDOCK[@]}" db pull "$REF" --db "$r/pulled/vuln.db" --insecure-registry "$HOST")
  after=$(DRYDOCK_CACHE_DIR="$r/pulled" measure_cpu "${SCAN[@]}" --db "$r/pulled/vuln.db")
  auto=$(DRYDOCK_CACHE_DIR="$r/auto" measure_cpu "${SCAN[@]}" --db "$r/auto/vuln.db" --db-repository "$REF" --insecure-registry "$HOST")
  # Where a pull's time goes: process start-up alone (`version`), and a pull that finds the manifest installed
  # (start-up + registry client + manifest fetch and checks, nothing downloaded or written).
  floor=$(measure_cpu "${DRYDOCK[@]}" version)
  current=$(DRYDOCK_CACHE_DIR="$r/pulled" measure_cpu "${DRYDOCK[@]}" db pull "$REF" --db "$r/pulled/vuln.db" --insecure-registry "$HOST")
  echo "$alone $pull $after $auto $floor $current" >> "$WORK/rounds.txt"
done

# One feed changes upstream: the Debian tracker is regenerated, `db update --only debian-tracker` rebuilds a copy of
# the database (Alpine carried over as it was), it is pushed, and the last round's client pulls it.
if [ -z "${BENCH_DB:-}" ]; then
  sleep 1; gen_feeds "$WORK/next" 2; cp "$WORK/next/debian-tracker/tracker.json" "$WORK/serve/debian-tracker/tracker.json"
  cp "$WORK/source.db" "$WORK/source2.db"
  update "$WORK/source2.db" debian-tracker
  push2=$("${DRYDOCK[@]}" db push "$REF" --db "$WORK/source2.db" --insecure-registry "$HOST" 2>&1 >/dev/null | grep pushed)
  repull=$(measure_cpu "${DRYDOCK[@]}" db pull "$REF" --db "$WORK/round-$RUNS/pulled/vuln.db" --insecure-registry "$HOST")
  repull_msg=$(grep "installed at $WORK/round-$RUNS/pulled" "$WORK/stderr.log" | tail -1)
fi

python3 - "$WORK/rounds.txt" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
runs = ["cold scan, database local (alone)", "db pull into an empty directory", "cold scan after that pull",
        "image --db-repository, no local db (one process)", "drydock version (start-up floor)", "db pull, manifest already installed"]
med = lambda c: statistics.median(r[c] for r in rows)
print(f"{'run':52} {'wall (median)':>14} {'CPU (median)':>13} {'peak RSS':>10}")
for i, name in enumerate(runs):
    print(f"{name:52} {med(3 * i):13.2f}s {med(3 * i + 2):12.2f}s {max(r[3 * i + 1] for r in rows):8.1f} MB")
alone, pull, after, auto = med(0), med(3), med(6), med(9)
cpu_alone, cpu_pull, cpu_after, cpu_auto = med(2), med(5), med(8), med(11)
print(f"the pull adds {pull + after - alone:.2f} s wall / {cpu_pull + cpu_after - cpu_alone:.2f} s CPU as a separate command, "
      f"{auto - alone:.2f} s wall / {cpu_auto - cpu_alone:.2f} s CPU inside the scan (target: under 1 s)")
print(f"of a pull's CPU: start-up {med(14):.2f} s, registry client + manifest {med(17) - med(14):.2f} s, download + install {cpu_pull - med(17):.2f} s")
print("rounds (wall: alone, pull, after, auto):", "; ".join(" ".join(f"{r[c]:.2f}" for c in (0, 3, 6, 9)) for r in rows))
PY
if [ -n "${repull:-}" ]; then
  echo "after one feed changed: ${push2#drydock: }"
  read -r rw _ rc <<<"$repull"
  echo "second db pull: $rw s wall, $rc s CPU; ${repull_msg#drydock: }"
fi
