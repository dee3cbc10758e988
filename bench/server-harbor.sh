#!/usr/bin/env bash
# Harbor scanner bench (issue 16): REQUESTS Harbor scan requests (POST /api/v1/scan) over IMAGES distinct images in a
# real docker-registry, served by one API process (--no-worker) and WORKERS worker processes (--worker) sharing one
# real PostgreSQL; one worker is killed with SIGKILL once a quarter of the reports are ready. Then every report is
# fetched (GET /api/v1/scan/{id}/report) and the queue is checked: nothing lost, nothing run twice beyond the lease
# the killed worker held. Prints one summary (also as JSON on the last line).
#   bench/server-harbor.sh [REQUESTS=1000] [IMAGES=20] [WORKERS=4]
# Env: IMAGE_LAYOUT=DIR (an OCI layout with tag 1; default: the integration tests' image, built if missing),
#      DRYDOCK_DLL (default: the Release build of src/Drydock.Cli), LEASE (worker lease, default 20s), DB (--db file; default none).
# Needs root (PostgreSQL runs as the postgres user via runuser), docker-registry, umoci, skopeo, python3.
# Everything it starts lives under one temp dir and is stopped and removed at exit.
set -euo pipefail
REQUESTS=${1:-1000}; IMAGES=${2:-20}; WORKERS=${3:-4}; LEASE=${LEASE:-20s}
for n in "$REQUESTS" "$IMAGES" "$WORKERS"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "server-harbor: REQUESTS, IMAGES and WORKERS must be positive integers" >&2; exit 2; }
done
[ "$WORKERS" -ge 2 ] || { echo "server-harbor: WORKERS must be at least 2 (one is killed)" >&2; exit 2; }
for t in docker-registry umoci skopeo python3 runuser; do
  command -v $t >/dev/null || { echo "server-harbor: needs $t (scripts/install-deps.sh)" >&2; exit 2; }
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$PGBIN" ] || { echo "server-harbor: needs PostgreSQL (scripts/install-deps.sh installs postgresql)" >&2; exit 2; }
DLL=${DRYDOCK_DLL:-$ROOT/src/Drydock.Cli/bin/Release/net10.0/drydock.dll}
[ -f "$DLL" ] || { echo "server-harbor: $DLL missing: dotnet build src/Drydock.Cli -c Release first" >&2; exit 2; }
WORK=$(mktemp -d /tmp/drydock-harbor-bench.XXXXXX); chmod 755 "$WORK"   # the postgres user must reach its data folder
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$WORK/pg/data/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# PostgreSQL (as ../shared/env/60-postgres.sh does it), on a free port
PGPORT=$(free_port); mkdir -p "$WORK/pg"; chown postgres:postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
DSN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres"

# The registry and IMAGES distinct images: the test image with one label more each (a new config, so a new digest)
RPORT=$(free_port)
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$WORK/registry" "$RPORT" > "$WORK/registry.yml"
docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 & PIDS+=($!)
LAYOUT=${IMAGE_LAYOUT:-}
if [ -z "$LAYOUT" ]; then
  IT=/tmp/drydock-it/images/debian-essential   # the integration tests' image cache, when they have run here
  if [ -f "$IT/.complete" ]; then LAYOUT=$IT/oci; else bash "$ROOT/scripts/it/build-test-image.sh" "$WORK/image" >/dev/null; LAYOUT=$WORK/image/oci; fi
fi
cp -r "$LAYOUT" "$WORK/oci"
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$RPORT/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
: > "$WORK/images.tsv"
for i in $(seq 1 "$IMAGES"); do
  umoci config --image "$WORK/oci:1" --tag "b$i" --config.label "drydock.bench=$i" >/dev/null
  skopeo copy -q --dest-tls-verify=false --digestfile "$WORK/digest" "oci:$WORK/oci:b$i" "docker://127.0.0.1:$RPORT/bench/app$i:1"
  printf 'bench/app%s\t%s\n' "$i" "$(cat "$WORK/digest")" >> "$WORK/images.tsv"
done

# One API process, WORKERS worker processes; each process has its own cache folder (as on separate machines)
TOKEN="ddk_bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
APORT=$(free_port)
start_server() { # NAME ARGS...
  local name=$1; shift
  mkdir -p "$WORK/$name"
  DRYDOCK_CACHE_DIR="$WORK/$name" DOCKER_CONFIG="$WORK/$name/no-docker-config" DRYDOCK_TOKEN=$TOKEN \
    dotnet "$DLL" server --postgres "$DSN" --insecure-registry "127.0.0.1:$RPORT" --job-lease "$LEASE" ${DB:+--db "$DB"} "$@" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  echo $! > "$WORK/$name.pid"
}
start_server api --listen "127.0.0.1:$APORT" --no-worker
for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$APORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
for w in $(seq 1 "$WORKERS"); do start_server "worker$w" --worker; done
for w in $(seq 1 "$WORKERS"); do
  for _ in $(seq 300); do grep -q "schema current" "$WORK/worker$w.log" && break; sleep 0.2; done
done

python3 "$ROOT/bench/server-harbor.py" --url "http://127.0.0.1:$APORT" --token "$TOKEN" --registry "http://127.0.0.1:$RPORT" \
  --images "$WORK/images.tsv" --requests "$REQUESTS" --kill-pid "$(cat "$WORK/worker1.pid")" --psql "$PGBIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -d postgres" \
  --logs "$WORK"/worker*.log
