#!/usr/bin/env python3
"""Per-stream sizes of columns layers (docs/db-artifact.md, "Columns layer"), from their headers alone.

Usage: bench/artifact-columns.py [--dump DIR] LAYER...
Prints, per table.column, the uncompressed and compressed bytes summed over the layers given, largest first, and the
total. With --dump, writes each compressed stream to DIR/<n>.<table>.<column>.zst, n the layer's place among the
arguments (to try other zstd levels on them with the zstd CLI)."""
import os
import sys

MAGIC = b"DDCOLS1\n"


def varint(data, pos):
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def name(data, pos):
    n, pos = varint(data, pos)
    return data[pos:pos + n].decode(), pos + n


def streams(path):
    data = open(path, "rb").read()
    if not data.startswith(MAGIC):
        sys.exit(f"artifact-columns: {path} is not a columns layer")
    tables, pos = varint(data, len(MAGIC))
    for _ in range(tables):
        table, pos = name(data, pos)
        rows, pos = varint(data, pos)
        columns, pos = varint(data, pos)
        for _ in range(columns):
            column, pos = name(data, pos)
            pos += 1  # kind
            raw, pos = varint(data, pos)
            packed, pos = varint(data, pos)
            yield table, column, rows, raw, data[pos:pos + packed]
            pos += packed


def main(argv):
    dump = None
    if argv[:1] == ["--dump"]:
        dump, argv = argv[1], argv[2:]
        os.makedirs(dump, exist_ok=True)
    if not argv:
        sys.exit(__doc__)
    sizes = {}
    for index, path in enumerate(argv):
        for table, column, rows, raw, packed in streams(path):
            key = f"{table}.{column}"
            r, p, n = sizes.get(key, (0, 0, 0))
            sizes[key] = (r + raw, p + len(packed), n + rows)
            if dump:
                open(os.path.join(dump, f"{index}.{key}.zst"), "wb").write(packed)
    total_raw = sum(r for r, _, _ in sizes.values())
    total = sum(p for _, p, _ in sizes.values())
    print(f"{'stream':<32} {'rows':>12} {'raw bytes':>15} {'zstd bytes':>13}")
    for key, (r, p, n) in sorted(sizes.items(), key=lambda kv: -kv[1][1]):
        if p >= 1000:
            print(f"{key:<32} {n:>12,} {r:>15,} {p:>13,}")
    print(f"{'total':<32} {'':>12} {total_raw:>15,} {total:>13,}")


if __name__ == "__main__":
    main(sys.argv[1:])
