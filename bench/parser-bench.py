#!/usr/bin/env python3
"""Issue 18 parser bench: builds docker-archive images holding a hostile package database and prints peak RSS and
wall time of `drydock sbom` on each (via /usr/bin/time -v). Usage: bench/parser-bench.py [path/to/drydock]."""
import hashlib, io, json, os, re, sqlite3, subprocess, sys, tarfile, tempfile

DRYDOCK = sys.argv[1] if len(sys.argv) > 1 else "src/Drydock.Cli/bin/Release/net10.0/drydock"
WORK = os.path.join(os.environ.get("TMPDIR", "/tmp"), "drydock-parser-bench")
os.makedirs(WORK, exist_ok=True)


def archive(name, files):
    """A docker-archive (legacy layout) with one layer holding files {path: bytes}."""
    path = os.path.join(WORK, name + ".tar")
    if os.path.exists(path):
        return path
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
        for p, data in files.items():
            info = tarfile.TarInfo(p)
            info.size = len(data)
            info.mode = 0o644
            t.addfile(info, io.BytesIO(data))
    layer = layer.getvalue()
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": ["bench:" + name], "Layers": ["layer.tar"]}]).encode()
    with tarfile.open(path, "w") as t:
        for p, data in (("layer.tar", layer), ("config.json", config), ("manifest.json", manifest)):
            info = tarfile.TarInfo(p)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return path


def dpkg_status(size):
    head = b"Package: a\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\nDescription: x\n"
    line = b" continuation-ln\n"
    body = line * ((size - len(head)) // len(line))
    return head + body + b"\nPackage: b\nStatus: install ok installed\nVersion: 2.0-1\nArchitecture: amd64\n"


def rpm_view(rows):
    path = os.path.join(WORK, "view.sqlite")
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute(f"CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, zeroblob(1024) UNION ALL "
               f"SELECT hnum + 1, blob FROM r WHERE hnum < {rows}) SELECT hnum, blob FROM r")
    db.commit()
    db.close()
    with open(path, "rb") as f:
        return f.read()


os_release = b"ID=debian\nVERSION_ID=12\n"
cases = [
    ("dpkg-1mb", {"etc/os-release": os_release, "var/lib/dpkg/status": dpkg_status(1 << 20)}),
    ("dpkg-2mb", {"etc/os-release": os_release, "var/lib/dpkg/status": dpkg_status(2 << 20)}),
    ("dpkg-60mb", {"etc/os-release": os_release, "var/lib/dpkg/status": dpkg_status(60 << 20)}),
    ("dpkg-60mb-one-line", {"etc/os-release": os_release,
                            "var/lib/dpkg/status": b"Package: a\nVersion: 1\nX: " + b"x" * (60 << 20) + b"\n"}),
    ("rpm-view-300k", {"etc/os-release": b"ID=fedora\nVERSION_ID=40\n", "var/lib/rpm/rpmdb.sqlite": rpm_view(300_000)}),
]
print("| input | wall | peak RSS | exit | warnings |")
print("|---|---|---|---|---|")
for name, files in cases:
    image = archive(name, files)
    run = subprocess.run(["/usr/bin/time", "-v", DRYDOCK, "sbom", "docker-archive:" + image, "--no-cache", "-q",
                          "--output", os.devnull], capture_output=True, text=True, timeout=900)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", run.stderr).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1)) // 1024
    warnings = [l for l in run.stderr.splitlines() if "warning" in l.lower() or "line " in l][:1]
    print(f"| {name} | {wall} | {rss} MB | {run.returncode} | {warnings[0][:90] if warnings else ''} |")
