#!/usr/bin/env python3
"""Issue 17 (h17many): splits a perf profile of cold `drydock image` runs into the parts of a scan's CPU (inflate,
the two SHA-256s, GC, hand-offs, tar parsing, path handling, analyzers, ...) and prints ms of CPU per run.

Usage:
  perf record -F 2999 -g -o p.data -- sh -c 'for i in 1 2 3 4; do drydock image oci:DIR:TAG --no-cache --quiet >/dev/null; done'
  perf script -i p.data -F comm,tid,ip,sym,dso > p.txt
  bench/perf-split.py p.txt RUNS [HZ=2999] [-v]
A sample is named by its leaf's library (libisal, libcrypto: the blob digest on the read-ahead threads, the diff id on
the walking thread), then by kernel or runtime frames in its stack, then by its first Drydock frame (leaf first).
Needs an AOT binary (symbols in the binary; stacks through frame pointers)."""
import collections, re, sys

def part(comm, frames):
    if not frames: return "other"
    leaf, leaf_dso = frames[0]
    syms = [s for s, _ in frames]
    stack = " ".join(syms)
    first = next((s for s in syms if s.startswith("Drydock_")), "")
    copy = "memmove" in leaf or "Memmove" in leaf
    if comm in ("sh", "seq"): return "bench shell"
    if "libisal" in leaf_dso: return "inflate (isal)"
    if "libz" in leaf_dso: return "inflate (zlib/zstd)"
    if "libcrypto" in leaf_dso:
        return "sha256 blob digest" if comm.startswith("drydock layer") else "sha256 diff id"
    if re.search(r"gc_heap|WKS::|GCHeap|RhpGc|GarbageCollect", stack) or comm.startswith(".NET BGC"): return "GC"
    if re.search(r"sched_yield|futex|SpinWait|BlockingCollection|SemaphoreSlim|Monitor|LowLevelLifoSemaphore|"
                 r"finish_task_switch|__schedule|ManualResetEvent|LowLevelMonitor|WaitSubsystem|pthread_cond", stack):
        return "thread hand-offs"
    if copy and "ReadAheadStream__Read" in stack: return "copy read-ahead -> reader"
    if copy and "IsalGzipStream__Refill" in stack: return "copy blob -> inflate input"
    if re.search(r"exc_page_fault|do_anonymous_page|clear_page", stack): return "page faults"
    if re.search(r"ksys_read|vfs_read|filemap_read|__x64_sys_read|__x64_sys_pread", stack): return "file read (kernel)"
    if re.search(r"Drydock_Inventory|Drydock_Controls", first): return "analyzers + controls"
    if re.search(r"TarStreamReader__Read", first): return "copy read-ahead -> reader"
    if re.search(r"TarHeaderParser|TarStreamReader|TarPaxRecords", first): return "tar header parse"
    if re.search(r"LayerPath|PathHash|LayerTarReader|PathHashSet|UnlistedPath", first): return "path/entry handling"
    if re.search(r"FileSystemBuilder|FileSystemTree|FileSystemView", stack): return "squash (FileSystemBuilder)"
    if re.search(r"InventoryBuilder|ControlRunner|Analyzer", stack): return "analyzers + controls"
    if re.search(r"StartupCodeHelpers|_dl_|dl_main|InitializeModules|RhInitialize|Rehydrate", stack) or "ld-linux" in leaf_dso:
        return "process start-up"
    if re.search(r"Reports_|JsonWriter|Utf8Json", stack): return "report"
    if re.search(r"ReadAheadStream|IsalGzipStream|DigestVerifying|LayerWalker|ObservingReadStream|CountingReadStream", stack):
        return "stream plumbing"
    if re.search(r"do_exit|mmput|exit_mmap", stack): return "process exit"
    return "other"

def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    if len(args) < 2:
        print("usage: perf-split.py PERF_SCRIPT_TXT RUNS [HZ] [-v]", file=sys.stderr)
        sys.exit(2)
    runs, hz = float(args[1]), float(args[2]) if len(args) > 2 else 2999.0
    counts, others = collections.Counter(), collections.Counter()
    comm, frames = None, []

    def flush():
        if comm is None: return
        name = part(comm, frames)
        counts[name] += 1
        if name == "other" and frames: others[(comm, frames[0][0])] += 1

    for line in open(args[0], errors="replace"):
        if not line.strip():
            flush(); comm, frames = None, []
        elif not line[0].isspace():
            flush(); m = re.match(r"(.+?)\s+(\d+)\s*$", line.rstrip()); comm, frames = (m.group(1) if m else line.strip()), []
        elif m := re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$", line):
            frames.append((m.group(1), m.group(2)))
    flush()
    total = sum(counts.values())
    if total == 0:
        print("perf-split: no samples in the input", file=sys.stderr)
        sys.exit(1)
    for name, n in counts.most_common():
        print(f"{name:<30} {100 * n / total:5.1f} %  {1000 * n / hz / runs:7.1f} ms/run")
    print(f"{'total':<30} {total} samples, {1000 * total / hz / runs:.0f} ms CPU per run")
    if "-v" in sys.argv:
        for (c, leaf), n in others.most_common(20): print(f"  other: {n} {c} {leaf}")

main()
