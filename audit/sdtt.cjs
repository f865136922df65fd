// Runs structured-data-testing-tool (sdtt) over saved HTML files (scripts/audit.py drives this).
//
//   node sdtt.cjs --presets Google,Twitter,Facebook FILE.html [FILE.html ...]
//
// Prints one JSON object: {"FILE.html": {"passed": n, "failed": [...], "warnings": [...],
// "schemas": [...], "jsonld": {"scripts": n, "errors": [...]}}, ...}. The exit status is 0
// whenever every file could be read; failures are data, judged by the caller.
//
// Why not sdtt's own CLI: its extractor files a JSON-LD document under its top-level "@type",
// so a page whose structured data is one {"@graph": [...]} (what Soapbox emits, and what Google
// reads) would show no schema at all and pass every preset without testing anything; a JSON-LD
// block that does not parse is only logged. Here each block is parsed strictly (a syntax error
// is a failure), every node of an @graph is filed under its own type(s), and {"@id": ...}
// references are replaced by the node they name, the way a consumer of the graph reads them.
// sdtt's presets and test runner are used unchanged.
'use strict';

const fs = require('node:fs');
const WAE = require('web-auto-extractor').default;
// The HTML parser sdtt's extractor uses (a dependency of web-auto-extractor, pinned by the lock).
const cheerio = require(require.resolve('cheerio', {paths: [require.resolve('web-auto-extractor')]}));
const {structuredDataTest} = require('structured-data-testing-tool');
const sdttPresets = require('structured-data-testing-tool/presets');

// sdtt's Google preset predates Google's current rich result documentation and has no Event or
// ProfilePage; this preset adds what Google documents as required, plus the recommended properties
// the issue asks every page to carry, as failures. (Google: developers.google.com/search/docs/
// appearance/structured-data/article, /event, /profile-page.)
// A path "author.name" becomes "[author][] | [0].name": the first author's name whether the
// property holds one object or a list of them (both are valid JSON-LD; Google reads both).
// sdtt replaces the one "[*]" with the index of each instance of the schema.
const jmesPath = (schema, path) => {
  const [head, ...rest] = path.split('.');
  return rest.length ? `${schema}[*].[${head}][] | [0].${rest.join('.')}` : `${schema}[*].${head}`;
};
const schemaPreset = (schema, required, recommended = []) => ({
  name: schema,
  schema,
  conditional: {test: schema},
  tests: [
    ...required.map((path) => ({test: jmesPath(schema, path), description: `${path} (Google: required or recommended)`})),
    ...recommended.map((path) => ({test: jmesPath(schema, path), warning: true, description: `${path} (Google: recommended)`})),
  ],
});
const GoogleRichResults = {
  name: 'GoogleRichResults',
  description: "Google's documented properties for Article, Event and ProfilePage rich results",
  presets: [
    schemaPreset('BlogPosting', ['headline', 'image', 'datePublished', 'dateModified', 'author.name', 'author.url']),
    schemaPreset('Article', ['headline', 'image', 'datePublished', 'dateModified', 'author.name', 'author.url']),
    schemaPreset('Event',
      ['name', 'startDate', 'location', 'location."@type"', 'description', 'image', 'eventStatus',
        'eventAttendanceMode', 'performer.name'],
      ['endDate', 'organizer.name', 'offers']),
    schemaPreset('ProfilePage', ['mainEntity', 'mainEntity.name', 'mainEntity.description', 'mainEntity.image'],
      ['mainEntity.sameAs', 'dateModified']),
  ],
};
const allPresets = {...sdttPresets, GoogleRichResults};

function parseArgs(argv) {
  const files = [];
  let presets = ['Google', 'Twitter', 'Facebook'];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--presets') {
      presets = argv[i + 1].split(',').map((name) => name.trim()).filter(Boolean);
      i += 1;
    } else {
      files.push(argv[i]);
    }
  }
  for (const name of presets) {
    if (!allPresets[name]) {
      throw new Error(`unknown sdtt preset "${name}"; known: ${Object.keys(allPresets).join(', ')}`);
    }
  }
  return {files, presets};
}

// Every JSON-LD node of the page, with @graph flattened. Returns {nodes, errors, scripts}.
function jsonldNodes(html) {
  const $ = cheerio.load(html);
  const nodes = [];
  const errors = [];
  const blocks = $('script[type="application/ld+json"]');
  blocks.each((index, element) => {
    const text = $(element).text();
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      errors.push(`JSON-LD block ${index + 1} is not valid JSON: ${error.message}`);
      return;
    }
    for (const document of Array.isArray(data) ? data : [data]) {
      if (!document || typeof document !== 'object') {
        errors.push(`JSON-LD block ${index + 1} holds ${JSON.stringify(document)}, not an object`);
        continue;
      }
      if (Array.isArray(document['@graph'])) {
        nodes.push(...document['@graph']);
      } else {
        nodes.push(document);
      }
    }
  });
  return {nodes, errors, scripts: blocks.length};
}

// A copy of value in which {"@id": X} references to nodes of the graph are replaced by (copies
// of) those nodes; a node already being expanded stays a reference, so cycles end.
function resolve(value, byId, expanding, unresolved) {
  if (Array.isArray(value)) return value.map((item) => resolve(item, byId, expanding, unresolved));
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '@id') {
    const id = value['@id'];
    if (!byId.has(id)) {
      unresolved.add(id);
      return value;
    }
    if (expanding.has(id)) return value;
    return resolve(byId.get(id), byId, expanding, unresolved);
  }
  const own = value['@id'];
  if (own) expanding.add(own);
  const copy = {};
  for (const key of keys) copy[key] = resolve(value[key], byId, expanding, unresolved);
  if (own) expanding.delete(own);
  return copy;
}

async function testFile(file, presets) {
  const html = fs.readFileSync(file, 'utf8');
  const data = WAE().parse(html);
  const {nodes, errors, scripts} = jsonldNodes(html);
  const byId = new Map();
  for (const node of nodes) {
    if (node && node['@id']) byId.set(node['@id'], node);
  }
  const unresolved = new Set();
  const jsonld = {};
  for (const node of nodes) {
    const types = [].concat(node['@type'] || []);
    if (!types.length) {
      errors.push(`a JSON-LD node without @type: ${JSON.stringify(node).slice(0, 120)}`);
      continue;
    }
    const expanded = resolve(node, byId, new Set(), unresolved);
    for (const type of types) (jsonld[type] = jsonld[type] || []).push(expanded);
  }
  data.jsonld = jsonld;

  let response;
  try {
    response = await structuredDataTest(data, {presets: presets.map((name) => allPresets[name])});
  } catch (error) {
    if (error.type !== 'VALIDATION_FAILED') throw error;
    response = error.res;
  }
  const brief = (test) => ({
    test: test.test,
    description: test.description,
    group: test.group || (test.groups || []).join(' > '),
    message: test.error ? test.error.message : undefined,
  });
  const failed = response.failed.map(brief);
  for (const message of errors) failed.push({test: 'JSON-LD', description: message, group: 'JSON-LD'});
  const warnings = response.warnings.map(brief);
  for (const id of unresolved) {
    warnings.push({test: 'JSON-LD', description: `@id ${id} is referenced but not defined on the page`, group: 'JSON-LD'});
  }
  return {
    passed: response.passed.length,
    failed,
    warnings,
    schemas: Object.keys(jsonld).sort(),
    jsonld: {scripts, nodes: nodes.length},
  };
}

(async () => {
  const {files, presets} = parseArgs(process.argv.slice(2));
  const results = {};
  for (const file of files) results[file] = await testFile(file, presets);
  process.stdout.write(JSON.stringify(results, null, 1) + '\n');
})().catch((error) => {
  process.stderr.write(`sdtt: ${error && error.stack || error}\n`);
  process.exit(2);
});
