#!/usr/bin/env bash
# Re-match bench (issue 16): N stored inventories (bench/server-rematch-gen), then the server's --db file replaced by a
# database with 1,000 more advisories; measures the time until every inventory is re-matched and every webhook
# delivery is delivered, and the server's peak RSS (VmHWM).
#   bench/server-rematch.sh [COUNT] [WORKERS]     (defaults 10000, 2; run as root or as a user that can run initdb)
# DRYDOCK=/path/to/drydock runs that server binary (e.g. an AOT build of another commit) instead of this tree's drydock.dll.
# Everything (PostgreSQL cluster, server, receiver) lives under a fresh temp dir and is stopped at exit.
set -euo pipefail
COUNT=${1:-10000}; WORKERS=${2:-2}
case $COUNT in ''|*[!0-9]*) echo "server-rematch.sh: COUNT must be a number, got '$COUNT'" >&2; exit 2;; esac
case $WORKERS in ''|*[!0-9]*) echo "server-rematch.sh: WORKERS must be a number, got '$WORKERS'" >&2; exit 2;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "server-rematch.sh: PostgreSQL is not installed (scripts/install-deps.sh)" >&2; exit 3; }
WORK=$(mktemp -d /tmp/drydock-rematch-bench.XXXXXX); chmod 755 "$WORK"   # the postgres user must reach its data dir
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
APIPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
HOOKPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SERVER=; RECEIVER=
RUN_AS=(); [ "$(id -u)" = 0 ] && RUN_AS=(runuser -u postgres --)
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -n "$RECEIVER" ] && kill "$RECEIVER" 2>/dev/null || true
  [ -f "$WORK/pg/data/postmaster.pid" ] && "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
"${RUN_AS[@]}" "$BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log"
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB" start >/dev/null
DSN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"
psql() { command psql -h 127.0.0.1 -p "$PGPORT" -U postgres -Atc "$1"; }

echo "== generating $COUNT inventories"
GEN="$ROOT/bench/server-rematch-gen/bin/Release/net10.0/ServerRematchGen.dll"
[ -f "$GEN" ] || dotnet build "$ROOT/bench/server-rematch-gen" -c Release -m:1 -nologo -clp:ErrorsOnly
t0=$(date +%s.%N)
dotnet "$GEN" --postgres "$DSN" --count "$COUNT" --out "$WORK/db"
echo "generation: $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-6)s; postgres size $(psql "select pg_size_pretty(pg_database_size('postgres'))")"

# The subscriber: counts deliveries and notifications, answers 200.
cat >"$WORK/receiver.py" <<'PY'
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        n = sum(len(i['vulnerabilities']) for i in body['images'])
        with open(sys.argv[2], 'a') as f: f.write(f"{len(body['images'])} {n}\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/receiver.py" "$HOOKPORT" "$WORK/received" & RECEIVER=$!
touch "$WORK/received"

echo "== server ($WORKERS worker(s)) on database v1"
DRYDOCK_TOKEN=ddk_bench-admin-token-0123456789 DRYDOCK_CACHE_DIR="$WORK/cache" \
  ${DRYDOCK:-dotnet "$ROOT/src/Drydock.Cli/bin/Release/net10.0/drydock.dll"} server --postgres "$DSN" --listen "127.0.0.1:$APIPORT" --workers "$WORKERS" \
  --db "$WORK/db/vuln.db" --webhook "http://127.0.0.1:$HOOKPORT/hook" --webhook-secret bench 2>"$WORK/server.log" & SERVER=$!
for _ in $(seq 600); do grep -q "listening on" "$WORK/server.log" && break; sleep 0.1; done
grep -q "listening on" "$WORK/server.log" || { cat "$WORK/server.log" >&2; exit 3; }
sleep 3   # the first --db look plans v1 (nothing to do: every inventory has its v1 result)
rss_before=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
# CPU seconds (user+sys) of the server and of PostgreSQL's processes, from /proc (clock ticks).
cpu_of() { local t=0 p; for p in "$@"; do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo "$t"; }
pg_pids() { pgrep -u postgres -f "$WORK/pg/data" 2>/dev/null; pgrep -P "$(head -1 "$WORK/pg/data/postmaster.pid")" 2>/dev/null; }
TICKS=$(getconf CLK_TCK)
server_cpu0=$(cpu_of "$SERVER"); pg_cpu0=$(cpu_of $(pg_pids | sort -u))
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== database v2 (+1,000 advisories) renamed over --db"
t0=$(date +%s.%N)
mv "$WORK/db/vuln-v2.db" "$WORK/db/vuln.db"
while :; do
  finished=$(psql "select count(*) from rematch_runs where finished_at is not null and db_version = '2026-12-02T00:00:00.000Z'")
  pending=$(psql "select count(*) from webhook_deliveries where state = 'pending'")
  [ "$finished" = 1 ] && [ "$pending" = 0 ] && break
  kill -0 "$SERVER" || { tail -20 "$WORK/server.log" >&2; exit 3; }
  sleep 0.5
done
t1=$(date +%s.%N)
rematch_end=$(psql "select extract(epoch from finished_at - created_at) from rematch_runs where db_version = '2026-12-02T00:00:00.000Z'")
hwm=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)
server_cpu=$(( $(cpu_of "$SERVER") - server_cpu0 )); pg_cpu=$(( $(cpu_of $(pg_pids | sort -u)) - pg_cpu0 ))
echo "load average at end:     $(cut -d' ' -f1-3 /proc/loadavg)"
echo "CPU (user+sys):          server $(echo "scale=1; $server_cpu / $TICKS" | bc) s, PostgreSQL backends alive at the end $(echo "scale=1; $pg_cpu / $TICKS" | bc) s"
grep -o "re-match batch .*" "$WORK/server.log" | tail -3 || true
grep -o "re-match of .*planned.*" "$WORK/server.log" || true   # deliveries planned, with the memory after planning
echo "re-matched digests:      $(psql "select digests from rematch_runs where db_version = '2026-12-02T00:00:00.000Z'") in $(psql "select batches from rematch_runs where db_version = '2026-12-02T00:00:00.000Z'") batches"
echo "re-match run:            ${rematch_end}s (planned → last batch committed, deliveries planned)"
echo "replace → all delivered: $(echo "$t1 - $t0" | bc | cut -c1-7)s"
echo "notifications:           $(psql "select count(*) from notifications where db_version = '2026-12-02T00:00:00.000Z'") over $(psql "select count(distinct digest) from notifications where db_version = '2026-12-02T00:00:00.000Z'") digests"
echo "deliveries:              $(psql "select count(*) || ' (' || sum(notifications) || ' notifications, ' || pg_size_pretty(sum(length(body))) || ')' from webhook_deliveries where state = 'delivered'"); receiver got $(wc -l <"$WORK/received") POSTs, $(awk '{n+=$2} END {print n+0}' "$WORK/received") notifications"
echo "server RSS:              ${rss_before} kB before, peak (VmHWM) ${hwm} kB"
echo "findings rows (v2):      $(psql "select count(*) from findings where db_version = '2026-12-02T00:00:00.000Z'"); postgres size $(psql "select pg_size_pretty(pg_database_size('postgres'))")"
