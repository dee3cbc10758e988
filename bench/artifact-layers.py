#!/usr/bin/env python3
"""What each feed layer of the database artifact holds (issue 13, h13art): per feed, the raw bytes of its own rows
(affected, product_cpe, os_lifecycle) against the bytes of the vulnerability details (vulnerability, alias, cvss,
reference) of the ids it names, as the feed layers of artifact v2 carry them; and how much of the details is repeated
across layers. Bytes are the summed lengths of the column values (SQLite's payload, before page overhead and zstd).
Usage: bench/artifact-layers.py DB"""
import sqlite3, sys

db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
q = lambda sql, *a: db.execute(sql, a).fetchall()
L = lambda cols: "+".join(f"COALESCE(LENGTH({c}),0)" for c in cols)
AFF = L(["namespace", "package", "vuln_id", "version_scheme", "introduced", "fixed", "last_affected", "limit_version",
         "versions", "status", "status_detail", "severity_source", "data_source"]) + "+8"
db.execute("CREATE TEMP TABLE det(id TEXT PRIMARY KEY, bytes INTEGER) WITHOUT ROWID")
db.execute("INSERT INTO det SELECT id, " + L(["id", "title", "description", "published", "modified"]) + " FROM vulnerability")
for table, cols in (("alias", ["vuln_id", "alias"]), ("cvss", ["vuln_id", "source", "version", "vector"]), ("reference", ["vuln_id", "url"])):
    db.execute(f"CREATE TEMP TABLE t AS SELECT vuln_id id, SUM({L(cols)}) b FROM {table} GROUP BY vuln_id")
    db.execute("INSERT INTO det SELECT id, b FROM t WHERE true ON CONFLICT(id) DO UPDATE SET bytes = bytes + excluded.bytes")
    db.execute("DROP TABLE t")
distinct = q("SELECT COUNT(*), SUM(bytes) FROM det")[0]
print(f"{'feed':18} {'own rows':>12} {'ids':>9} {'details of its ids':>19} {'details share':>13}")
carried = 0
for (feed,) in q("SELECT name FROM feed ORDER BY name"):
    where = "data_source LIKE 'osv:%'" if feed == "osv" else "data_source = ?"
    args = () if feed == "osv" else (feed,)
    own = q(f"SELECT COALESCE(SUM({AFF}),0) FROM affected WHERE {where}", *args)[0][0]
    if feed == "redhat-csaf": own += q("SELECT COALESCE(SUM(LENGTH(kind)+LENGTH(key)+LENGTH(cpe)),0) FROM product_cpe")[0][0]
    ids = f"SELECT vuln_id FROM affected WHERE {where}" + (" UNION SELECT vuln_id FROM cvss WHERE source = 'nvd'" if feed == "nvd" else "")
    n, det = q(f"SELECT COUNT(*), COALESCE(SUM(bytes),0) FROM det WHERE id IN ({ids})", *args)[0]
    carried += det
    print(f"{feed:18} {own:12,} {n:9,} {det:19,} {det / max(own + det, 1):12.0%}")
print(f"details: {distinct[0]:,} ids, {distinct[1]:,} bytes once; carried by the feed layers {carried:,} bytes "
      f"({carried / distinct[1]:.2f}x, repeated share {1 - distinct[1] / carried:.0%})")
