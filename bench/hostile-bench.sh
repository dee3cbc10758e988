#!/usr/bin/env bash
# Issue 18's whole-process figures ("Numbers to print"): peak RSS and wall time of `drydock image --scanners controls`
# (every control, the inventory) and `drydock inspect --list-files` on hostile-sized images: 1,000,000 files in one
# layer, 5 × 1,000,000 (cold: empty layer cache; warm: every layer cached), and a 1 GiB layer; then, through
# bench/parser-bench.py, `drydock sbom` on a 1 MB, 2 MB and 60 MB dpkg status of continuation lines, a 60 MB one-line
# status and an rpmdb.sqlite VIEW of 300,000 rows. Target: ≤ 128 MB peak RSS for each; time linear in the input.
# Usage: bench/hostile-bench.sh [DIR]   (default /tmp/drydock-bench/hostile; the layouts are written once)
# DRYDOCK_BIN may point at an AOT build; FILES=N changes the file count per layer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${1:-/tmp/drydock-bench/hostile}
dotnet run -c Release --project bench/Drydock.Benchmarks -- hostile-images "$ROOT" "${FILES:-1000000}" >&2
if [ -z "${DRYDOCK_BIN:-}" ]; then
  dotnet build src/Drydock.Cli -c Release -nologo -clp:ErrorsOnly -v:q >&2
  DRYDOCK=(src/Drydock.Cli/bin/Release/net10.0/drydock)
else
  DRYDOCK=("$DRYDOCK_BIN")
fi
WORK=$(mktemp -d /tmp/drydock-hostile-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
printf '%-28s %-22s %8s %12s %s\n' image command wall "peak RSS" exit
uptime >&2
for image in files-1x1m files-5x1m layer-1g; do
  rm -rf "$WORK/cache"
  for run in image-cold image-warm inspect; do
    case $run in
      image-*) cmd="image --scanners controls"; quiet=(--quiet) ;;
      *) cmd="inspect --list-files"; quiet=() ;;
    esac
    start=$(date +%s.%N)
    set +e
    # shellcheck disable=SC2086
    DRYDOCK_CACHE_DIR="$WORK/cache" /usr/bin/time -f "%M" -o "$WORK/time.txt" "${DRYDOCK[@]}" $cmd "oci:$ROOT/$image" "${quiet[@]}" >/dev/null 2>"$WORK/err.txt"
    code=$?
    set -e
    end=$(date +%s.%N)
    printf '%-28s %-22s %7.1fs %9.1f MB %s %s\n' "$image" "$run" "$(echo "$end - $start" | bc)" \
      "$(echo "$(tail -1 "$WORK/time.txt") / 1024" | bc -l)" "$code" "$(head -c 160 "$WORK/err.txt" | head -1)"
  done
done
echo
python3 bench/parser-bench.py "${DRYDOCK[0]}"
uptime >&2
