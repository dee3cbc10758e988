# Sourced by the bench scripts that need a registry (db-pull-bench.sh, registry-bench.sh): starts a docker-registry
# (distribution, plain HTTP) on a free 127.0.0.1 port with its storage under $WORK/registry, waits until /v2/ answers.
# Sets HOST (127.0.0.1:PORT) and REGISTRY_PID; the caller's EXIT trap kills REGISTRY_PID. Needs WORK and a NAME for errors.
# Usage: . bench/lib-registry.sh; start_registry NAME
start_registry() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  HOST=127.0.0.1:$port
  printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s/registry\nhttp:\n  addr: %s\n' "$WORK" "$HOST" > "$WORK/registry.yml"
  docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
  REGISTRY_PID=$!
  for _ in $(seq 100); do curl -sf "http://$HOST/v2/" >/dev/null && break; sleep 0.1; done
  curl -sf "http://$HOST/v2/" >/dev/null || { echo "$1: docker-registry did not start (see $WORK/registry.log)" >&2; exit 2; }
}
