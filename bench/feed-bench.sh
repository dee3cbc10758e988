#!/usr/bin/env bash
# `drydock db update` at the real feeds' volume (issue 13 §2): generates a mirror of every feed with bench/feed-gen.py
# (counts and sources in bench/README.md), serves it on 127.0.0.1 with python3 -m http.server (Last-Modified, 304s),
# and measures a full import, then an update after one feed (the Debian tracker) changed.
# Prints wall and CPU time, peak RSS (/usr/bin/time -v), database size, the database compressed (gzip -6, or zstd -19
# with COMPRESS=zstd), and the
# targets: full import <= 10 min, peak RSS <= 500 MB, artifact <= 100 MB, one-feed update <= 1 min.
# Usage: [SCALE=1] [GEN=/tmp/drydock-feed-bench/gen] bench/feed-bench.sh   (DRYDOCK_BIN may name an AOT build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${ROOT:-/tmp/drydock-feed-bench}
GEN=${GEN:-$ROOT/gen}
WORK=$ROOT/work
mkdir -p "$ROOT" "$WORK"
if [ -z "${DRYDOCK_BIN:-}" ]; then
  dotnet build src/Drydock.Cli -c Release -nologo -clp:ErrorsOnly -v:q -m:1 >&2
  DRYDOCK=(dotnet src/Drydock.Cli/bin/Release/net10.0/drydock.dll)
else
  DRYDOCK=("$DRYDOCK_BIN")
fi
[ -d "$GEN/nvd" ] || python3 bench/feed-gen.py "$GEN"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$GEN" >"$WORK/http.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 1
U=http://127.0.0.1:$PORT
DB=$WORK/vuln.db
rm -rf "$WORK/vuln.db" "$WORK/feeds"
FEEDS=(--feed "nvd=$U/nvd/" --feed "debian-tracker=$U/debian/tracker.json" --feed "ubuntu-tracker=$U/ubuntu/ubuntu-cve-tracker.tar.gz"
  --feed "redhat-csaf=$U/redhat/" --feed "alpine-secdb=$U/alpine/" --feed "wolfi-secdb=$U/wolfi/security.json"
  --feed "chainguard-secdb=$U/chainguard/security.json" --feed "osv=$U/osv/")
ONLY=(--only alpine-secdb --only debian-tracker --only ubuntu-tracker --only redhat-csaf --only wolfi-secdb --only chainguard-secdb --only osv --only nvd)

run() { # label: runs db update under /usr/bin/time -v; prints wall, cpu, peak RSS
  local label=$1 t=$WORK/time-$1.txt
  /usr/bin/time -v "${DRYDOCK[@]}" db update --db "$DB" "${FEEDS[@]}" "${ONLY[@]}" 2>"$t" >/dev/null || { tail -5 "$t" >&2; exit 3; }
  python3 - "$t" "$label" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def f(k): return re.search(re.escape(k) + r":\s*(.+)", t).group(1).strip()
wall = f("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
cpu = float(f("User time (seconds)")) + float(f("System time (seconds)"))
rss = int(f("Maximum resident set size (kbytes)")) / 1024
load = " ".join(open("/proc/loadavg").read().split()[:3])
print(f"{sys.argv[2]}: wall {secs:.1f} s, cpu (user+sys) {cpu:.1f} s, peak RSS {rss:.0f} MB; load average after it {load}")
open(sys.argv[1] + ".sum", "w").write(f"{secs} {cpu} {rss}\n")
PY
}

echo "feed-bench: mirror $(du -sh "$GEN" | cut -f1) at $GEN; load average $(cut -d' ' -f1-3 /proc/loadavg)"
run full
read -r FULL_WALL _ FULL_RSS <"$WORK/time-full.txt.sum"
DB_MB=$(( $(stat -c %s "$DB") / 1048576 ))
# COMPRESS=zstd gives zstd -19 (smaller, but minutes of CPU on this machine); the default is gzip -6.
if [ "${COMPRESS:-gzip}" = zstd ]; then zstd -q -19 -T0 -f "$DB" -o "$WORK/vuln.db.z"; else gzip -6 -c "$DB" >"$WORK/vuln.db.z"; fi
ZST_MB=$(( $(stat -c %s "$WORK/vuln.db.z") / 1048576 ))
echo "database: $DB_MB MB; compressed (${COMPRESS:-gzip}): $ZST_MB MB"
"${DRYDOCK[@]}" db status --db "$DB" | grep '^feed:' || true

# One feed changes upstream: the Debian tracker is regenerated with another seed (new Last-Modified); it is put
# back afterwards, so that the next run of the bench imports the same mirror.
python3 bench/feed-gen.py "$GEN" --only debian --seed 2
sleep 1
run one-feed
python3 bench/feed-gen.py "$GEN" --only debian --seed 1
read -r ONE_WALL _ ONE_RSS <"$WORK/time-one-feed.txt.sum"
python3 - "$FULL_WALL" "$FULL_RSS" "$ZST_MB" "$ONE_WALL" "$ONE_RSS" <<'PY'
import sys
full, rss, zst, one, rss1 = map(float, sys.argv[1:])
for name, ok in (("full import <= 10 min", full <= 600), ("peak RSS <= 500 MB", max(rss, rss1) <= 500),
                 ("artifact (compressed database) <= 100 MB", zst <= 100), ("one-feed update <= 1 min", one <= 60)):
    print(f"target {name}: {'holds' if ok else 'MISSED'}")
PY
