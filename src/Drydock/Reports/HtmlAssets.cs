namespace Drydock.Reports;

/// <summary>
/// The inline stylesheet and script of the HTML report. Inline because the file must work alone (attached to a CI
/// run, opened offline); the page's Content-Security-Policy forbids every fetch, so nothing external can sneak in.
/// </summary>
internal static class HtmlAssets
{
    public const string Css = """
        :root{--bg:#f5f7fa;--card:#fff;--ink:#1d2330;--muted:#5d6778;--line:#dde2ea;--critical:#8e1b1b;--high:#d9381e;--medium:#e69a07;--low:#2f6fd0;--unknown:#7b8494;--pass:#1f8a4c;--fail:#c62828;--skip:#7b8494}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;background:var(--bg);color:var(--ink)}
        header{background:#13233d;color:#fff;padding:20px 32px}
        header h1{margin:0;font-size:22px;font-weight:600}
        header p{margin:4px 0 0;color:#b8c4d8;font-size:13px;word-break:break-all}
        main{padding:20px 32px 40px;max-width:1400px}
        section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:0 0 20px}
        section h2{margin:0 0 12px;font-size:16px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:14px;background:none;border:0;padding:0}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;border-top:4px solid #13233d}
        .card h3{margin:0 0 6px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
        .card .big{font-size:24px;font-weight:650;margin:0;word-break:break-all}
        .card .big.text{font-size:17px;line-height:1.3;word-break:normal;overflow-wrap:anywhere}
        .card .small{font-size:12px;color:var(--muted);margin:4px 0 0;word-break:break-all}
        .card.gate-fail{border-top-color:var(--fail)} .card.gate-fail .big{color:var(--fail)}
        .card.gate-pass{border-top-color:var(--pass)} .card.gate-pass .big{color:var(--pass)}
        .card ul{margin:6px 0 0;padding-left:18px;font-size:12px}
        .sevcounts{display:flex;gap:6px;flex-wrap:wrap;margin-top:6px}
        .sev{display:inline-block;min-width:74px;text-align:center;padding:1px 8px;border-radius:10px;color:#fff;font-size:11px;font-weight:650;letter-spacing:.03em}
        .sev-critical{background:var(--critical)} .sev-high{background:var(--high)} .sev-medium{background:var(--medium)} .sev-low{background:var(--low)} .sev-unknown{background:var(--unknown)}
        .out{font-weight:650} .out-pass{color:var(--pass)} .out-fail{color:var(--fail)} .out-skip{color:var(--skip)}
        table{border-collapse:collapse;width:100%;font-size:13px}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        th{background:#eef1f6;font-weight:600;white-space:nowrap}
        table.sortable th{cursor:pointer;user-select:none}
        table.sortable th[aria-sort=ascending]::after{content:" \25B2";font-size:10px}
        table.sortable th[aria-sort=descending]::after{content:" \25BC";font-size:10px}
        tbody tr:hover{background:#f8fafc}
        td.mono,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;overflow-wrap:anywhere}
        td.nowrap{white-space:nowrap}
        .filters{display:flex;gap:14px;align-items:center;flex-wrap:wrap;margin-bottom:10px}
        .filters input[type=search]{padding:6px 10px;border:1px solid var(--line);border-radius:6px;min-width:260px;font:inherit}
        .filters label{font-size:12px}
        #shown{color:var(--muted);font-size:12px;margin-left:auto}
        ul.evidence{margin:4px 0 0;padding-left:18px;color:var(--muted);font-size:12px}
        .muted{color:var(--muted)}
        details summary{cursor:pointer;color:var(--low)}
        footer{color:var(--muted);font-size:12px;padding:0 32px 24px}
        """;

    public const string Js = """
        (function () {
          var table = document.getElementById('findings');
          if (!table) { return; }
          var tbody = table.tBodies[0];
          var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
          var filter = document.getElementById('filter');
          var boxes = Array.prototype.slice.call(document.querySelectorAll('input.sev-filter'));
          var sortCol = -1, asc = true;
          function key(row, i) { var c = row.cells[i]; var v = c.getAttribute('data-sort'); return v !== null ? v : c.textContent; }
          function cmp(a, b) {
            var na = Number(a), nb = Number(b);
            if (a !== '' && b !== '' && !isNaN(na) && !isNaN(nb)) { return na - nb; }
            return a.localeCompare(b);
          }
          function sortBy(i, ascending) {
            sortCol = i; asc = ascending;
            var rows = Array.prototype.slice.call(tbody.rows);
            rows.sort(function (r1, r2) { var c = cmp(key(r1, i), key(r2, i)); return asc ? c : -c; });
            rows.forEach(function (r) { tbody.appendChild(r); });
            heads.forEach(function (h, j) { h.setAttribute('aria-sort', j === i ? (asc ? 'ascending' : 'descending') : 'none'); });
          }
          function apply() {
            var q = filter.value.toLowerCase(), on = {}, n = 0;
            boxes.forEach(function (b) { if (b.checked) { on[b.value] = true; } });
            Array.prototype.forEach.call(tbody.rows, function (r) {
              var show = !!on[r.getAttribute('data-severity')] && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
              r.hidden = !show;
              if (show) { n++; }
            });
            document.getElementById('shown').textContent = n + ' of ' + tbody.rows.length + ' shown';
          }
          heads.forEach(function (h, i) { h.addEventListener('click', function () { sortBy(i, sortCol === i ? !asc : true); }); });
          filter.addEventListener('input', apply);
          boxes.forEach(function (b) { b.addEventListener('change', apply); });
          // The page honours ?q=TEXT, ?sev=CRITICAL,HIGH and ?sort=KEY[&dir=desc] so a link can share a view.
          var p = new URLSearchParams(location.search);
          if (p.get('q')) { filter.value = p.get('q'); }
          if (p.get('sev')) {
            var wanted = p.get('sev').toUpperCase().split(',');
            boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
          }
          var s = p.get('sort');
          if (s) {
            var idx = heads.findIndex(function (h) { return h.getAttribute('data-key') === s; });
            if (idx >= 0) { sortBy(idx, p.get('dir') !== 'desc'); }
          }
          apply();
          document.body.setAttribute('data-ready', 'true');
        })();
        """;
}
