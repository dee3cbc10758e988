// SPDX 2.3 document checks. No npm package ships the official SPDX 2.3 JSON schema (spdx-schema.json), so this
// checks what that schema and the specification (spdx.github.io/spdx-spec/v2.3) require, and goes further where the
// schema cannot: license expressions are parsed with spdx-expression-parse (which knows the SPDX license list), and
// every LicenseRef and every relationship end must be declared in the document.
'use strict';
const path = require('path');
const PURPOSES = ['APPLICATION', 'FRAMEWORK', 'LIBRARY', 'CONTAINER', 'OPERATING-SYSTEM', 'DEVICE', 'FIRMWARE', 'SOURCE', 'ARCHIVE', 'FILE', 'INSTALL', 'OTHER'];
const CATEGORIES = ['OTHER', 'PERSISTENT-ID', 'PERSISTENT_ID', 'SECURITY', 'PACKAGE-MANAGER', 'PACKAGE_MANAGER'];
const RELATIONSHIPS = ['VARIANT_OF', 'COPY_OF', 'PATCH_FOR', 'TEST_DEPENDENCY_OF', 'CONTAINED_BY', 'DATA_FILE_OF', 'OPTIONAL_COMPONENT_OF',
  'ANCESTOR_OF', 'GENERATES', 'CONTAINS', 'OPTIONAL_DEPENDENCY_OF', 'FILE_ADDED', 'REQUIREMENT_DESCRIPTION_FOR', 'DEV_DEPENDENCY_OF',
  'DEPENDENCY_OF', 'BUILD_DEPENDENCY_OF', 'DESCRIBES', 'PREREQUISITE_FOR', 'HAS_PREREQUISITE', 'PROVIDED_DEPENDENCY_OF', 'DYNAMIC_LINK',
  'DESCRIBED_BY', 'METAFILE_OF', 'DEPENDENCY_MANIFEST_OF', 'PATCH_APPLIED', 'RUNTIME_DEPENDENCY_OF', 'TEST_OF', 'TEST_TOOL_OF',
  'DEPENDS_ON', 'SPECIFICATION_FOR', 'FILE_MODIFIED', 'DISTRIBUTION_ARTIFACT', 'AMENDS', 'DOCUMENTATION_OF', 'GENERATED_FROM',
  'STATIC_LINK', 'OTHER', 'BUILD_TOOL_OF', 'TEST_CASE_OF', 'PACKAGE_OF', 'DESCENDANT_OF', 'FILE_DELETED', 'EXPANDED_FROM',
  'DEV_TOOL_OF', 'EXAMPLE_OF'];
const ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

module.exports = function check(doc, errors, schemaDir) {
  const parse = require(path.join(schemaDir, 'node_modules/spdx-expression-parse'));
  const fail = m => errors.push(m);
  const str = (o, k, where) => { if (typeof o[k] !== 'string' || o[k].length === 0) fail(`${where}: ${k} must be a non-empty string`); };
  if (doc.spdxVersion !== 'SPDX-2.3') fail('spdxVersion must be SPDX-2.3');
  if (doc.dataLicense !== 'CC0-1.0') fail('dataLicense must be CC0-1.0');
  if (doc.SPDXID !== 'SPDXRef-DOCUMENT') fail('SPDXID must be SPDXRef-DOCUMENT');
  str(doc, 'name', 'document');
  if (!/^[a-z][a-z0-9+.-]*:[^#\s]+$/i.test(doc.documentNamespace || '')) fail('documentNamespace must be an absolute URI without #');
  const ci = doc.creationInfo || {};
  if (!TIME.test(ci.created || '')) fail('creationInfo.created must be YYYY-MM-DDThh:mm:ssZ');
  if (!Array.isArray(ci.creators) || ci.creators.length === 0 || !ci.creators.every(c => /^(Tool|Organization|Person): \S/.test(c))) fail('creationInfo.creators must be Tool:/Organization:/Person: entries');

  const allowed = new Set(['SPDXRef-DOCUMENT']);
  const refs = new Set((doc.hasExtractedLicensingInfos || []).map(e => e.licenseId));
  for (const e of doc.hasExtractedLicensingInfos || []) {
    if (!/^LicenseRef-[A-Za-z0-9.-]+$/.test(e.licenseId || '')) fail(`extracted license id ${e.licenseId} is not LicenseRef-idstring`);
    str(e, 'extractedText', `extracted ${e.licenseId}`);
  }
  const license = (value, where) => {
    if (value === 'NOASSERTION' || value === 'NONE') return;
    let ast;
    try { ast = parse(value); } catch (x) { fail(`${where}: '${value}' is not a valid SPDX license expression (${x.message})`); return; }
    const walk = n => {
      if (n.license && n.license.startsWith('LicenseRef-') && !refs.has(n.license)) fail(`${where}: ${n.license} is not declared in hasExtractedLicensingInfos`);
      if (n.left) walk(n.left);
      if (n.right) walk(n.right);
    };
    walk(ast);
  };
  for (const p of doc.packages || []) {
    const where = `package ${p.SPDXID}`;
    if (!ID.test(p.SPDXID || '')) fail(`${where}: SPDXID must match SPDXRef-idstring`);
    if (allowed.has(p.SPDXID)) fail(`${where}: duplicate SPDXID`);
    allowed.add(p.SPDXID);
    str(p, 'name', where);
    str(p, 'downloadLocation', where);
    if ('versionInfo' in p) str(p, 'versionInfo', where);
    if (typeof p.filesAnalyzed !== 'boolean') fail(`${where}: filesAnalyzed must be a boolean`);
    if (p.primaryPackagePurpose && !PURPOSES.includes(p.primaryPackagePurpose)) fail(`${where}: primaryPackagePurpose ${p.primaryPackagePurpose}`);
    license(p.licenseConcluded, `${where} licenseConcluded`);
    license(p.licenseDeclared, `${where} licenseDeclared`);
    if (p.supplier && !/^(Person|Organization): \S|^NOASSERTION$/.test(p.supplier)) fail(`${where}: supplier must be Person:/Organization:/NOASSERTION`);
    for (const r of p.externalRefs || []) {
      if (!CATEGORIES.includes(r.referenceCategory)) fail(`${where}: referenceCategory ${r.referenceCategory}`);
      str(r, 'referenceType', where);
      str(r, 'referenceLocator', where);
      if (r.referenceType === 'purl' && !/^pkg:[a-z0-9.+-]+\/\S+$/.test(r.referenceLocator)) fail(`${where}: purl ${r.referenceLocator}`);
    }
  }
  for (const d of doc.documentDescribes || []) if (!allowed.has(d)) fail(`documentDescribes ${d} is not an element of the document`);
  for (const r of doc.relationships || []) {
    if (!RELATIONSHIPS.includes(r.relationshipType)) fail(`relationship type ${r.relationshipType}`);
    for (const end of [r.spdxElementId, r.relatedSpdxElement]) {
      if (!allowed.has(end) && end !== 'NONE' && end !== 'NOASSERTION') fail(`relationship end ${end} is not an element of the document`);
    }
  }
  if (!(doc.relationships || []).some(r => r.spdxElementId === 'SPDXRef-DOCUMENT' && r.relationshipType === 'DESCRIBES')) fail('no DOCUMENT DESCRIBES relationship');
};
