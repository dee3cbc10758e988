#!/usr/bin/env python3
"""Generates a mirror of Drydock's feeds at the real feeds' volume and shape (bench/feed-bench.sh serves it over HTTP).

Counts (bench/README.md says where they come from); SCALE=0.1 makes a tenth of everything for a quick try.
Usage: bench/feed-gen.py OUT_DIR [--only FEED ...] [--seed N]   (--seed changes the content, e.g. for the one-feed update)
"""
import gzip, hashlib, io, json, os, random, sys, tarfile, zipfile, subprocess

SCALE = float(os.environ.get("SCALE", "1"))
NVD_CVES = int(300_000 * SCALE)            # NVD: about 300,000 CVEs (nvd.nist.gov dashboard, 2025)
DEBIAN_PAIRS = int(120_000 * SCALE)        # Debian tracker JSON: about 120,000 (source, CVE) pairs over ~6,000 sources
DEBIAN_SOURCES = max(1, int(6_000 * SCALE))
UBUNTU_FILES = int(100_000 * SCALE)        # ubuntu-cve-tracker: active/ + retired/ + ignored/, about 100,000 CVE files
CSAF_DOCS = int(35_000 * SCALE)            # Red Hat CSAF VEX archive: about 35,000 documents (one per CVE)
ALPINE_BRANCHES = [f"v3.{m}" for m in range(2, 23)] + ["edge"]
OSV = {  # records per ecosystem in the all.zip exports (osv.dev ecosystem counts, 2025, rounded; npm includes MAL-*)
    "npm": 210_000, "PyPI": 17_000, "Go": 5_000, "Maven": 6_000, "NuGet": 800, "RubyGems": 1_000, "crates.io": 2_000,
    "Packagist": 4_000, "Debian": 50_000, "Ubuntu": 40_000, "Alpine": 12_000, "Red Hat": 30_000, "Rocky Linux": 4_000,
    "AlmaLinux": 5_000, "SUSE": 40_000, "openSUSE": 15_000, "Wolfi": 5_000, "Chainguard": 10_000,
}
RELEASES_DEB = ["bullseye", "bookworm", "trixie", "forky", "sid"]
RELEASES_UBU = ["trusty", "xenial", "bionic", "focal", "jammy", "noble", "oracular", "plucky", "questing"]

def words(rng, n):
    return " ".join(rng.choice(("buffer", "overflow", "in", "the", "parser", "allows", "remote", "attackers", "to", "cause",
                                "a", "denial", "of", "service", "via", "crafted", "input", "memory", "corruption")) for _ in range(n))

def nvd(out, rng):
    years = list(range(2002, 2026))
    per = NVD_CVES // len(years)
    os.makedirs(out, exist_ok=True)
    for y in years:
        path = os.path.join(out, f"nvdcve-2.0-{y}.json.gz")
        with gzip.open(path, "wt", compresslevel=1) as f:
            f.write('{"resultsPerPage":%d,"startIndex":0,"totalResults":%d,"format":"NVD_CVE","version":"2.0","timestamp":"2025-11-30T00:00:00.000","vulnerabilities":[' % (per, per))
            for i in range(per):
                cve = {"id": f"CVE-{y}-{i:05d}", "sourceIdentifier": "cve@mitre.org", "published": f"{y}-03-01T10:00:00.000",
                       "lastModified": "2025-01-01T10:00:00.000", "vulnStatus": "Analyzed",
                       "descriptions": [{"lang": "en", "value": words(rng, 60)}, {"lang": "es", "value": words(rng, 60)}],
                       "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {"version": "3.1",
                                   "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8, "baseSeverity": "CRITICAL"},
                                   "exploitabilityScore": 3.9, "impactScore": 5.9}],
                                   "cvssMetricV2": [{"source": "nvd@nist.gov", "type": "Primary", "cvssData": {"version": "2.0",
                                   "vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P", "baseScore": 7.5}, "baseSeverity": "HIGH"}]},
                       "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary", "description": [{"lang": "en", "value": "CWE-787"}]}],
                       "configurations": [{"nodes": [{"operator": "OR", "negate": False, "cpeMatch": [
                           {"vulnerable": True, "criteria": f"cpe:2.3:a:vendor{i % 500}:product{i % 900}:{v}.0:*:*:*:*:*:*:*",
                            "matchCriteriaId": "%032X" % rng.getrandbits(128)} for v in range(rng.randint(1, 8))]}]}],
                       "references": [{"url": f"https://example.org/advisory/{y}/{i}/{r}", "source": "cve@mitre.org"} for r in range(rng.randint(2, 8))]}
                f.write(("," if i else "") + json.dumps({"cve": cve}, separators=(",", ":")))
            f.write("]}")
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest().upper()
        with open(path[:-8] + ".meta", "w") as m:
            m.write(f"lastModifiedDate:2025-11-30T00:00:00-05:00\r\nsize:0\r\nsha256:{digest}\r\n")

def debian(out, rng):
    os.makedirs(out, exist_ok=True)
    per = max(1, DEBIAN_PAIRS // DEBIAN_SOURCES)
    with open(os.path.join(out, "tracker.json"), "w") as f:
        f.write("{")
        for s in range(DEBIAN_SOURCES):
            f.write(("," if s else "") + json.dumps(f"src{s}") + ":{")
            for c in range(per):
                rel = {}
                for r in RELEASES_DEB:
                    if rng.random() < 0.6:
                        rel[r] = {"status": "resolved", "repositories": {r: f"1.{c}-1"}, "fixed_version": f"1.{c}-{rng.randint(1, 9)}", "urgency": "medium"}
                    else:
                        rel[r] = {"status": "open", "repositories": {r: f"1.{c}-1"}, "urgency": "low", "nodsa": "Minor issue"}
                body = {"description": words(rng, 12), "scope": "remote", "releases": rel}
                f.write(("," if c else "") + json.dumps(f"CVE-{2000 + c % 26}-{s * per + c:06d}") + ":" + json.dumps(body, separators=(",", ":")))
            f.write("}")
        f.write("}")

def ubuntu(out, rng):
    os.makedirs(out, exist_ok=True)
    with tarfile.open(os.path.join(out, "ubuntu-cve-tracker.tar.gz"), "w:gz", compresslevel=6) as tar:
        for i in range(UBUNTU_FILES):
            folder = ("active", "retired", "ignored")[0 if i % 3 == 0 else 1 if i % 10 else 2]
            lines = [f"Candidate: CVE-{2010 + i % 15}-{i:06d}", "PublicDate: 2024-01-01 00:00:00 UTC", "References:",
                     f" https://www.cve.org/CVERecord?id=CVE-{2010 + i % 15}-{i:06d}", "Description:", " " + words(rng, 40),
                     "Ubuntu-Description:", "Notes:", "Mitigation:", "Bugs:", "Priority: medium", "Discovered-by:", "Assigned-to:", ""]
            for p in range(rng.randint(1, 3)):
                lines += ["", f"Patches_pkg{i % 4000}_{p}:", f" upstream: https://example.org/fix/{i}/{p}"]
                for r in RELEASES_UBU:
                    lines.append(f"{r}_pkg{i % 4000}_{p}: " + rng.choice(("released (1.2-3ubuntu0.1)", "needed", "not-affected", "DNE", "ignored (end of standard support)")))
            data = ("\n".join(lines) + "\n").encode()
            info = tarfile.TarInfo(f"ubuntu-cve-tracker-master/{folder}/CVE-{2010 + i % 15}-{i:06d}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

def csaf(out, rng):
    os.makedirs(out, exist_ok=True)
    json.dump({"data": {f"rhel-{v}-for-x86_64-baseos-rpms": {"cpes": [f"cpe:/o:redhat:enterprise_linux:{v}::baseos"]} for v in (7, 8, 9, 10)}},
              open(os.path.join(out, "repository-to-cpe.json"), "w"))
    name = "csaf_vex_2025-11-30.tar.zst"
    raw = os.path.join(out, "csaf_vex.tar")
    with tarfile.open(raw, "w") as tar:
        for i in range(CSAF_DOCS):
            cve = f"CVE-{2000 + i % 26}-{i:06d}"
            products, rels, fixed = [], [], []
            for v in (8, 9):
                products.append({"category": "product_name", "name": f"Red Hat Enterprise Linux {v}", "product": {"name": f"RHEL {v}", "product_id": f"BaseOS-{v}",
                                 "product_identification_helper": {"cpe": f"cpe:/o:redhat:enterprise_linux:{v}::baseos"}}})
                for p in range(rng.randint(4, 40)):
                    pid = f"pkg{i % 3000}-{p}-0:1.{p}-{v}.el{v}.x86_64"
                    products.append({"category": "product_version", "name": pid, "product": {"name": pid, "product_id": pid,
                                     "product_identification_helper": {"purl": f"pkg:rpm/redhat/pkg{i % 3000}-{p}@1.{p}-{v}.el{v}?arch=x86_64"}}})
                    full = f"BaseOS-{v}:{pid}"
                    rels.append({"category": "default_component_of", "full_product_name": {"name": full, "product_id": full},
                                 "product_reference": pid, "relates_to_product_reference": f"BaseOS-{v}"})
                    fixed.append(full)
            doc = {"document": {"category": "csaf_vex", "csaf_version": "2.0", "title": cve, "tracking": {"id": cve.lower()}},
                   "product_tree": {"branches": [{"category": "vendor", "name": "Red Hat", "branches": products}], "relationships": rels},
                   "vulnerabilities": [{"cve": cve, "notes": [{"category": "description", "text": words(rng, 50)}],
                                        "product_status": {"fixed": fixed}, "remediations": [{"category": "vendor_fix", "details": "fix",
                                        "product_ids": fixed, "url": f"https://access.redhat.com/errata/RHSA-2024:{i}"}],
                                        "threats": [{"category": "impact", "details": "Moderate", "product_ids": fixed}],
                                        "scores": [{"cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "baseScore": 7.5, "baseSeverity": "HIGH"}, "products": fixed}]}]}
            data = json.dumps(doc, separators=(",", ":")).encode()
            info = tarfile.TarInfo(f"{2000 + i % 26}/{cve.lower()}.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    subprocess.run(["zstd", "-q", "-f", "-3", "-T0", "--rm", raw, "-o", os.path.join(out, name)], check=True)
    open(os.path.join(out, "archive_latest.txt"), "w").write(name + "\n")

def secdb(out, rng):
    for b in ALPINE_BRANCHES:
        for repo, n in (("main", 700), ("community", 400)):
            d = os.path.join(out, "alpine", b)
            os.makedirs(d, exist_ok=True)
            pkgs = [{"pkg": {"name": f"{repo}{p}", "secfixes": {f"1.{k}-r0": [f"CVE-20{10 + k % 15}-{p * 10 + k:05d}" for _ in range(1)] for k in range(rng.randint(1, 15))}}}
                    for p in range(int(n * max(SCALE, 0.05)))]
            json.dump({"distroversion": b, "reponame": repo, "urlprefix": "https://dl-cdn.alpinelinux.org/alpine", "packages": pkgs}, open(os.path.join(d, repo + ".json"), "w"))
    for dist, n in (("wolfi", 3000), ("chainguard", 6000)):
        os.makedirs(os.path.join(out, dist), exist_ok=True)
        pkgs = [{"pkg": {"name": f"{dist}{p}", "secfixes": {f"1.{k}-r0": [f"CVE-2024-{p * 10 + k:05d} GHSA-aaaa-bbbb-{p % 10000:04d}"] for k in range(rng.randint(1, 12))}}}
                for p in range(int(n * SCALE))]
        json.dump({"apkurl": "{{urlprefix}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk", "archs": ["x86_64", "aarch64"], "reponame": "os",
                   "urlprefix": "https://packages.wolfi.dev", "packages": pkgs}, open(os.path.join(out, dist, "security.json"), "w"))

def osv(out, rng):
    for eco, n in OSV.items():
        d = os.path.join(out, eco)
        os.makedirs(d, exist_ok=True)
        with zipfile.ZipFile(os.path.join(d, "all.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for i in range(int(n * SCALE)):
                rid = f"{'MAL' if eco == 'npm' and i % 10 else 'GHSA'}-{i:04x}-{eco[:4]}-x{i % 97}"
                rec = {"schema_version": "1.6.0", "id": rid, "modified": "2025-01-01T00:00:00Z", "published": "2024-01-01T00:00:00Z",
                       "aliases": [f"CVE-2024-{i:06d}"], "summary": words(rng, 8), "details": words(rng, 80),
                       "affected": [{"package": {"ecosystem": eco if eco not in ("Debian", "Ubuntu", "Alpine") else {"Debian": "Debian:12", "Ubuntu": "Ubuntu:22.04:LTS", "Alpine": "Alpine:v3.20"}[eco],
                                                 "name": f"pkg{i % 20000}"},
                                     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": f"1.{i % 50}.0"}]}],
                                     "database_specific": {"source": "https://example.org"}}],
                       "references": [{"type": "ADVISORY", "url": f"https://example.org/{rid}"}, {"type": "WEB", "url": f"https://example.org/w/{i}"}]}
                z.writestr(f"{rid}.json", json.dumps(rec))

FEEDS = {"nvd": nvd, "debian": debian, "ubuntu": ubuntu, "redhat": csaf, "secdb": secdb, "osv": osv}

def main():
    args = sys.argv[1:]
    out = args[0]
    only = [args[i + 1] for i, a in enumerate(args) if a == "--only"] or list(FEEDS)
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    for name in only:
        rng = random.Random(f"{name}-{seed}")
        FEEDS[name](os.path.join(out, name) if name != "secdb" else out, rng)
        print(f"feed-gen: {name} done", file=sys.stderr)

if __name__ == "__main__":
    main()
