// Drydock dashboard: plain JS, no build step. Everything the API returns is written with textContent, never as markup.
'use strict';

const TOKEN_KEY = 'drydock.token';
const $ = (selector) => document.querySelector(selector);

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  return td;
}

function tag(parent, text, className) {
  const span = document.createElement('span');
  span.className = 'tag ' + className;
  span.textContent = text;
  parent.appendChild(span);
}

function when(iso) {
  return iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + 'Z' : '';
}

function shortDigest(digest) {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '';
}

function setStatus(text, isError) {
  const status = $('#status');
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) } });
  if (response.status === 401) {
    signOut('the token was refused: sign in again');
    throw new Error('unauthorized');
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

function renderHosts(data) {
  const body = $('#hosts tbody');
  body.replaceChildren();
  for (const host of data.hosts) {
    const containers = host.containers.length ? host.containers : [null];
    for (const c of containers) {
      const row = body.insertRow();
      row.dataset.host = host.name;
      cell(row, host.name);
      if (!c) {
        cell(row, '(no containers)');
        cell(row, ''); cell(row, ''); cell(row, '');
        cell(row, when(host.lastAuditAt));
        continue;
      }
      row.dataset.container = c.name;
      cell(row, c.name + (c.running ? '' : ' (stopped)'));
      cell(row, c.image, 'image');
      const state = cell(row, '', 'state');
      if (c.stale === true) tag(state, 'stale', 'stale');
      if (c.stale === false) tag(state, 'current', 'current');
      if (c.pinned) tag(state, 'pinned', 'pinned');
      if (c.rolledBack) tag(state, 'rolled back', 'rolledback');
      row.classList.toggle('stale', c.stale === true);
      cell(row, c.lastUpdate ? c.lastUpdate.outcome + ' ' + when(c.lastUpdate.at) : '');
      cell(row, when(host.lastAuditAt));
    }
  }
  const updates = $('#updates tbody');
  updates.replaceChildren();
  for (const u of data.updates) {
    const row = updates.insertRow();
    for (const v of [when(u.runStartedAt), u.host, u.container, u.outcome, u.from, u.to, u.message]) cell(row, v);
  }
  const freshness = $('#freshness tbody');
  freshness.replaceChildren();
  for (const f of data.freshness) {
    const row = freshness.insertRow();
    for (const v of [when(f.observedAt), f.host, f.container, f.image, f.stale === null ? 'unknown' : f.stale ? 'yes' : 'no', f.ageDays]) cell(row, v);
  }
}

function renderImages(data) {
  const body = $('#images tbody');
  body.replaceChildren();
  for (const image of data.images) {
    const row = body.insertRow();
    row.dataset.digest = image.digest;
    cell(row, image.repository);
    cell(row, shortDigest(image.digest), 'digest').title = image.digest;
    for (const severity of ['critical', 'high', 'medium', 'low', 'unknown']) {
      const n = image.findings[severity];
      cell(row, n, 'count ' + severity + (n > 0 ? ' nonzero' : ''));
    }
    const controls = cell(row, '', 'verdicts');
    for (const v of image.verdicts) {
      const span = document.createElement('div');
      span.className = 'verdict ' + v.outcome;
      span.textContent = v.id + ': ' + v.outcome;
      span.title = v.summary;
      controls.appendChild(span);
    }
    cell(row, image.containers, 'count');
    cell(row, when(image.scannedAt));
  }
}

async function searchVulnerability(id) {
  const out = $('#cve-results');
  out.replaceChildren();
  const result = await api('/api/v1/vulnerabilities/' + encodeURIComponent(id) + '/affected');
  const summary = document.createElement('p');
  const containers = result.images.flatMap((i) => i.containers.map((c) => ({ image: i, container: c })));
  summary.textContent = result.vulnerability + ': ' + result.images.length + ' image(s), ' + containers.length + ' container(s) on '
    + result.hosts.length + ' host(s)';
  summary.id = 'cve-summary';
  out.appendChild(summary);
  if (!containers.length) return;
  const table = document.createElement('table');
  table.id = 'cve-containers';
  const head = table.createTHead().insertRow();
  for (const h of ['Host', 'Container', 'Running', 'Image', 'Repository', 'Packages']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const { image, container } of containers) {
    const row = body.insertRow();
    row.dataset.host = container.host;
    row.dataset.container = container.name;
    cell(row, container.host);
    cell(row, container.name);
    cell(row, container.running ? 'yes' : 'no');
    cell(row, container.image, 'image');
    cell(row, image.repository);
    cell(row, image.packages.map((p) => p.name + ' ' + p.version + (p.fixedVersion ? ' (fixed in ' + p.fixedVersion + ')' : '') + ' ' + p.severity).join(', '));
  }
  out.appendChild(table);
}

async function load() {
  setStatus('loading…');
  const [hosts, images] = await Promise.all([api('/api/v1/dashboard/hosts'), api('/api/v1/dashboard/images')]);
  renderHosts(hosts);
  renderImages(images);
  setStatus('updated ' + when(new Date().toISOString()));
  document.body.dataset.loaded = 'true';
}

function show(signedIn) {
  $('#login-section').hidden = signedIn;
  $('#dashboard').hidden = !signedIn;
  $('#logout').hidden = !signedIn;
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  delete document.body.dataset.loaded;
  show(false);
  setStatus(message || '', Boolean(message));
}

function fail(error) {
  if (error.message !== 'unauthorized') setStatus(error.message, true);
}

document.addEventListener('DOMContentLoaded', () => {
  $('#login').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
    $('#token').value = '';
    show(true);
    load().catch(fail);
  });
  $('#logout').addEventListener('click', () => signOut());
  $('#cve-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchVulnerability($('#cve-id').value.trim()).catch(fail);
  });
  if (sessionStorage.getItem(TOKEN_KEY)) {
    show(true);
    load().catch(fail);
  } else {
    show(false);
  }
});
