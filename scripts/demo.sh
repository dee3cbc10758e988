#!/usr/bin/env bash
# The main job, end to end on a real image: builds a small Debian bookworm image from Debian's own packages
# (mmdebstrap + umoci, no container engine), then audits it with drydock: inspect, the gate (CIS 4.x controls,
# and vulnerabilities when a database is present), an HTML report and a CycloneDX SBOM.
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

scanners=controls
db=${DRYDOCK_DB:-${XDG_CACHE_HOME:-$HOME/.cache}/drydock/vuln.db}
if [ -f "$db" ]; then scanners=vuln,controls; else
  echo "demo: no vulnerability database at $db (drydock db update / db import); checking the CIS controls only" >&2
fi
echo "== drydock image $IMAGE --scanners $scanners --exit-code 1" >&2
set +e
drydock image "$IMAGE" --scanners "$scanners" --exit-code 1 \
  -o html="$DEMO_DIR/report.html" -o json="$DEMO_DIR/report.json" -o sarif="$DEMO_DIR/report.sarif"
gate=$?
set -e
drydock sbom "$IMAGE" --format cyclonedx --output "$DEMO_DIR/sbom.cdx.json" --quiet
echo "demo: gate exit code $gate (0 = passed, 1 = failed: the summary line above says why)" >&2
echo "demo: reports in $DEMO_DIR: report.html report.json report.sarif sbom.cdx.json" >&2
