// Validates a Drydock report against the official schema of its format.
// usage: node validate-report.cjs <cyclonedx|sarif|spdx|spdx-ids> <file> <schema-dir>
// Prints one JSON line {"valid":bool,"errors":[...]} and exits 0 when valid, 1 when not.
'use strict';
const fs = require('fs');
const path = require('path');
const [kind, file, schemaDir] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
const errors = [];

function ajvErrors(validate) {
  return (validate.errors || []).map(e => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

if (kind === 'cyclonedx') {
  // The official CycloneDX 1.6 schema (draft-07) with the SPDX license list and JSF schemas it references, as the
  // CycloneDX JavaScript library ships and validates them (ajv + ajv-formats + ajv-formats-draft2019).
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const addFormats2019 = require('ajv-formats-draft2019');
  const dir = path.join(schemaDir, 'node_modules/@cyclonedx/cyclonedx-library/res/schema');
  const read = n => fs.readFileSync(path.join(dir, n), 'utf8');
  const bom = JSON.parse(read('bom-1.6.SNAPSHOT.schema.json')
    .replaceAll('spdx.SNAPSHOT.schema.json', 'spdx.schema.json')
    .replaceAll('jsf-0.82.SNAPSHOT.schema.json', 'jsf-0.82.schema.json'));
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  addFormats2019(ajv);
  ajv.addSchema(JSON.parse(read('spdx.SNAPSHOT.schema.json')));
  ajv.addSchema(JSON.parse(read('jsf-0.82.SNAPSHOT.schema.json')));
  const validate = ajv.compile(bom);
  if (!validate(doc)) errors.push(...ajvErrors(validate));
} else if (kind === 'sarif') {
  // The OASIS SARIF 2.1.0 schema (final, "rtm.5"), a draft-04 schema.
  const Ajv04 = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, 'sarif/package/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The schema's language pattern is not valid under the u flag; SARIF's own validators use plain regexps too.
  const ajv = new Ajv04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (!validate(doc)) errors.push(...ajvErrors(validate));
} else if (kind === 'spdx') {
  require('./spdx-checks.cjs')(doc, errors, schemaDir);
} else if (kind === 'spdx-ids') {
  // Every id Drydock writes as an SPDX license id must be in the CycloneDX schema's SPDX list; every exception
  // must parse after WITH.
  const parse = require(path.join(schemaDir, 'node_modules/spdx-expression-parse'));
  const list = JSON.parse(fs.readFileSync(path.join(schemaDir, 'node_modules/@cyclonedx/cyclonedx-library/res/schema/spdx.SNAPSHOT.schema.json'), 'utf8')).enum;
  for (const id of doc.licenses) if (!list.includes(id)) errors.push(`license id ${id} is not in the SPDX list`);
  for (const e of doc.exceptions) {
    try { parse(`MIT WITH ${e}`); } catch (x) { errors.push(`exception ${e}: ${x.message}`); }
  }
} else {
  errors.push(`unknown kind ${kind}`);
}
process.stdout.write(JSON.stringify({ valid: errors.length === 0, errors: errors.slice(0, 50) }) + '\n');
process.exit(errors.length === 0 ? 0 : 1);
