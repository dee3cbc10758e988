#!/usr/bin/env bash
# The main job, end to end on a real image: builds a small Debian bookworm image from Debian's own packages
# (mmdebstrap + umoci, no container engine), then audits it with drydock: inspect, vulnerabilities (a real
# 'db update' when online, else a SAMPLE bundle), the CIS 4.x controls, the gate, an HTML report and a CycloneDX SBOM.
# Output goes to $DEMO_DIR (default /tmp/drydock-demo). Needs root for mmdebstrap (run scripts/install-deps.sh first).
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO_DIR=${DEMO_DIR:-/tmp/drydock-demo}
mkdir -p "$DEMO_DIR"
if [ ! -f "$DEMO_DIR/image/.complete" ]; then
  echo "demo: building a Debian bookworm image with mmdebstrap + umoci (about a minute)…" >&2
  bash scripts/it/build-test-image.sh "$DEMO_DIR/image" >&2
fi
dotnet build src/Drydock.Cli -c Release -nologo -clp:ErrorsOnly -v:q >&2
drydock() { dotnet src/Drydock.Cli/bin/Release/net10.0/drydock.dll "$@"; }
IMAGE="oci:$DEMO_DIR/image/oci:1"

echo "== drydock inspect $IMAGE" >&2
drydock inspect "$IMAGE"

# The whole job needs a database. With network: the smallest real update that covers this Debian image (the Debian
# security tracker and the end-of-life dates). Without: the SAMPLE bundle in scripts/demo-SAMPLE-bundle (a few real
# tracker records, far from complete), imported into a database of the demo's own so it is never mistaken for a real one.
db=${DRYDOCK_DB:-${DRYDOCK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/drydock}/vuln.db}
if [ ! -f "$db" ]; then
  if timeout 10 curl -sfI https://security-tracker.debian.org/tracker/data/json >/dev/null 2>&1; then
    echo "== drydock db update --only debian-tracker --only endoflife (no database yet; the smallest real one for this image)" >&2
    drydock db update --db "$db" --only debian-tracker --only endoflife || [ $? -eq 4 ]
  else
    db="$DEMO_DIR/SAMPLE-vuln.db"
    echo "== drydock db import scripts/demo-SAMPLE-bundle (offline: a SAMPLE of real advisories, NOT a complete database)" >&2
    drydock db import --db "$db" scripts/demo-SAMPLE-bundle
  fi
fi
echo "== drydock image $IMAGE --exit-code 1 (vulnerabilities from $db, CIS controls, the gate)" >&2
set +e
drydock image "$IMAGE" --db "$db" --exit-code 1 \
  -o html="$DEMO_DIR/report.html" -o json="$DEMO_DIR/report.json" -o sarif="$DEMO_DIR/report.sarif"
gate=$?
set -e
drydock sbom "$IMAGE" --format cyclonedx --output "$DEMO_DIR/sbom.cdx.json" --quiet
echo "demo: gate exit code $gate (0 = passed, 1 = failed: the summary line above says why)" >&2
echo "demo: reports in $DEMO_DIR: report.html report.json report.sarif sbom.cdx.json" >&2
