#!/usr/bin/env bash
# The database artifact's size and its push/pull cost (issue 13, h13art): starts a docker-registry (bench/lib-registry.sh),
# pushes DB with the given drydock, then pulls it into an empty directory. Prints the artifact's bytes in total and per
# layer (from the pushed manifest), and wall, CPU (user+sys) and peak RSS of push and pull (/usr/bin/time -v), with the
# load average beside each figure. Run it once per build in the same sitting to compare.
# For columns layers it also prints each table.column stream's raw and zstd bytes (bench/artifact-columns.py; COLUMNS_DUMP=DIR
# keeps the compressed streams there, to try other zstd levels on them).
# Usage: DRYDOCK_BIN=/path/to/drydock [LABEL=name] [COLUMNS_DUMP=dir] bench/artifact-bench.sh DB
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:?usage: DRYDOCK_BIN=... bench/artifact-bench.sh DB}
[ -f "$DB" ] || { echo "artifact-bench: no database at $DB" >&2; exit 2; }
command -v docker-registry >/dev/null || { echo "artifact-bench: docker-registry is not installed (scripts/install-deps.sh)" >&2; exit 2; }
DRYDOCK=${DRYDOCK_BIN:?set DRYDOCK_BIN to the drydock binary to measure}
LABEL=${LABEL:-$(basename "$(dirname "$DRYDOCK")")}
WORK=$(mktemp -d /tmp/drydock-artifact-bench.XXXXXX)
REGISTRY_PID=
cleanup() { [ -n "$REGISTRY_PID" ] && kill "$REGISTRY_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
. bench/lib-registry.sh
start_registry artifact-bench

measure() { # label, command...: prints wall, cpu, peak RSS and the load average
  local label=$1; shift
  /usr/bin/time -v "$@" >"$WORK/out" 2>"$WORK/time" || { tail -5 "$WORK/time" >&2; exit 3; }
  python3 - "$WORK/time" "$label" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def f(k): return re.search(re.escape(k) + r":\s*(.+)", t).group(1).strip()
wall = sum(float(x) * 60 ** i for i, x in enumerate(reversed(f("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))))
cpu = float(f("User time (seconds)")) + float(f("System time (seconds)"))
rss = int(f("Maximum resident set size (kbytes)")) / 1024
load = " ".join(open("/proc/loadavg").read().split()[:3])
print(f"{sys.argv[2]}: wall {wall:.1f} s, cpu (user+sys) {cpu:.1f} s, peak RSS {rss:.0f} MB; load average after it {load}")
PY
}

echo "artifact-bench $LABEL: $DB ($(( $(stat -c %s "$DB") / 1048576 )) MB); load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure "push $LABEL" "$DRYDOCK" db push "$HOST/bench/db" --db "$DB" --insecure-registry "$HOST" -q
REF=$(tr -d '\n' <"$WORK/out")
curl -sf -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$HOST/v2/bench/db/manifests/${REF##*@}" >"$WORK/manifest.json"
python3 - "$WORK/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
total = sum(l["size"] for l in m["layers"])
print(f"artifact: {total:,} bytes in {len(m['layers'])} layers ({total / 1e6:.1f} MB)")
for l in sorted(m["layers"], key=lambda l: -l["size"]):
    a = l.get("annotations", {})
    name = a.get("io.drydock.db.feed") or a.get("io.drydock.db.details") or a.get("org.opencontainers.image.title")
    print(f"  {l['size']:>13,}  {name}  {l['mediaType']}")
PY
# Columns layers (docs/db-artifact.md): the sizes of their streams, summed over the layers, from the registry's storage.
COLUMNS=$(python3 -c 'import json,sys; print(" ".join(l["digest"][7:] for l in json.load(open(sys.argv[1]))["layers"] if ".columns." in l["mediaType"]))' "$WORK/manifest.json")
if [ -n "$COLUMNS" ]; then
  files=(); for hex in $COLUMNS; do files+=("$WORK/registry/docker/registry/v2/blobs/sha256/${hex:0:2}/$hex/data"); done
  python3 bench/artifact-columns.py ${COLUMNS_DUMP:+--dump "$COLUMNS_DUMP"} "${files[@]}"
fi
measure "pull $LABEL" "$DRYDOCK" db pull "$REF" --db "$WORK/pulled/vuln.db" --insecure-registry "$HOST" -q
echo "pulled: $(( $(stat -c %s "$WORK/pulled/vuln.db") / 1048576 )) MB"
