#!/usr/bin/env python3
"""Drives bench/server-harbor.sh: submits Harbor scan requests, kills one worker mid-run, fetches every report,
then checks the queue in PostgreSQL. Standard library only."""
import argparse, json, os, signal, subprocess, threading, time, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

VULN = "application/vnd.security.vulnerability.report; version=1.1"
HARBOR_TRIVY = 55000 / (11 * 3600)  # Harbor + Trivy: 55,000 artifacts in 11 hours


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(method, url, token, body=None, accept=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/vnd.scanner.adapter.scan.request+json; version=1.0")
    if accept:
        req.add_header("Accept", accept)
    try:
        with OPENER.open(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def main():
    a = argparse.ArgumentParser()
    for name in ("url", "token", "registry", "images", "psql"):
        a.add_argument("--" + name, required=True)
    a.add_argument("--requests", type=int, required=True)
    a.add_argument("--kill-pid", type=int, required=True)
    a.add_argument("--logs", nargs="+", required=True)
    o = a.parse_args()
    images = [line.split("\t") for line in open(o.images).read().splitlines() if line]

    def submit(i):
        repo, digest = images[i % len(images)]
        body = {"registry": {"url": o.registry}, "artifact": {"repository": repo, "digest": digest, "tag": "1",
                                                              "mime_type": "application/vnd.oci.image.manifest.v1+json"}}
        t0 = time.monotonic()
        status, data = call("POST", o.url + "/api/v1/scan", o.token, body)
        if status != 202:
            raise SystemExit(f"server-harbor: scan request {i} answered {status}: {data[:200]!r}")
        return json.loads(data)["id"], time.monotonic() - t0

    def sql(query):
        out = subprocess.run(o.psql.split() + ["-Atc", query], check=True, capture_output=True, text=True).stdout
        return [line.split("|") for line in out.splitlines() if line]

    killed = {}

    def killer():
        # SIGKILL the worker once a quarter of the jobs are done, at a moment it holds a lease (mid-job).
        while not killed:
            done = int(sql("SELECT count(*) FROM jobs WHERE state = 'done'")[0][0])
            held = int(sql(f"SELECT count(*) FROM jobs WHERE state = 'running' AND lease_owner LIKE '%:{o.kill_pid}:%'")[0][0])
            if done >= o.requests // 4 and held > 0:
                os.kill(o.kill_pid, signal.SIGKILL)
                killed["done"], killed["held"] = done, held
                return
            time.sleep(0.05)

    threading.Thread(target=killer, daemon=True).start()
    start = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        submitted = list(pool.map(submit, range(o.requests)))
    ids = [s[0] for s in submitted]
    accept_max = max(s[1] for s in submitted)
    submit_seconds = time.monotonic() - start

    pending, delivered, lock = set(ids), {}, threading.Lock()
    deadline = time.monotonic() + 1800

    def poll(scan_id):
        status, data = call("GET", f"{o.url}/api/v1/scan/{scan_id}/report", o.token, accept=VULN)
        return scan_id, status, data

    while pending and time.monotonic() < deadline:
        with ThreadPoolExecutor(8) as pool:
            for scan_id, status, data in pool.map(poll, sorted(pending)):
                if status == 200:
                    report = json.loads(data)
                    with lock:
                        delivered[scan_id] = report
                        pending.discard(scan_id)
                elif status != 302:
                    raise SystemExit(f"server-harbor: report {scan_id} answered {status}: {data[:300]!r}")
        if pending:
            time.sleep(0.5)
    elapsed = time.monotonic() - start

    states = dict(sql("SELECT state, count(*) FROM jobs GROUP BY state"))
    rerun = sql("SELECT count(*) FROM jobs WHERE attempts > 1")[0][0]
    attempts = sql("SELECT count(*) FROM job_attempts")[0][0]
    results = sql("SELECT count(*) FROM scan_results")[0][0]
    logs = {os.path.basename(p): open(p).read() for p in o.logs}
    # From PostgreSQL's clock: first request to last job finished, and to the last distinct image's result stored.
    all_done = float(sql("SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM jobs")[0][0])
    scans_done = float(sql("SELECT extract(epoch FROM (SELECT max(scanned_at) FROM scan_results) - min(created_at)) FROM jobs")[0][0])
    # A scan is an image actually read: a job's first pass that found no stored result (the rest answer from PostgreSQL).
    duplicate_scans = sum(log.count("was already stored") for log in logs.values())
    held = killed.get("held", 0)
    digests_ok = all(delivered[i]["artifact"]["digest"] == images[ids.index(i) % len(images)][1] for i in delivered)
    summary = {
        "requests": o.requests, "images": len(images), "delivered": len(delivered), "lost": len(pending),
        "reportsMatchTheirArtifact": digests_ok,
        "jobs": states, "jobAttempts": int(attempts), "jobsRunMoreThanOnce": int(rerun),
        "killedWorkerHeldLeases": held, "killedAfterJobsDone": killed.get("done"),
        "scanResultsStored": int(results), "duplicateImageScans": duplicate_scans,
        "submitSeconds": round(submit_seconds, 2), "slowestAcceptSeconds": round(accept_max, 3),
        "elapsedSeconds": round(elapsed, 1), "allJobsDoneSeconds": round(all_done, 1), "reportsPerSecond": round(o.requests / all_done, 2),
        "distinctImagesScannedSeconds": round(scans_done, 1), "distinctImagesPerSecond": round(len(images) / scans_done, 2), "harborTrivyImagesPerSecond": round(HARBOR_TRIVY, 2),
    }
    print(f"delivered {len(delivered)}/{o.requests} reports (lost {len(pending)}); worker1 SIGKILLed holding {held} lease(s) after {killed.get('done')} jobs were done")
    print(f"jobs run more than once: {rerun} (the killed worker held {summary['killedWorkerHeldLeases']} lease(s)); "
          f"attempts {attempts}; results stored {results} for {len(images)} images; duplicate image scans {duplicate_scans}")
    print(f"{o.requests} requests: every job done {all_done:.1f} s after the first request ({o.requests / all_done:.2f} reports/s); "
          f"{len(images)} distinct images scanned within {scans_done:.1f} s ({len(images) / scans_done:.2f} images/s); "
          f"Harbor+Trivy: {HARBOR_TRIVY:.2f} images/s; slowest 202 {accept_max * 1000:.0f} ms; all fetched after {elapsed:.1f} s")
    print(json.dumps(summary))
    ok = not pending and digests_ok and bool(killed) and int(rerun) <= held
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
