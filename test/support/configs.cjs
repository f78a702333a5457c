// The one builder of provisioning configs for the tests and the benchmark: the valid Flosum config
// of each identity provider, written once below, and the variants tests need made from it (sections
// replaced or removed, keys set or removed, exact-text replacements, with or without its comments).
// It returns YAML text (configText), the parsed value (configValue), the line of a key (keyLine) and
// the benchmark's configs with N assignments (generatedConfig).
// Plain CommonJS so that every runner loads this same file: mocha through tsx (test/unit), esbuild's
// bundle of the editor tests (test/editor/index.ts), the UI tests (tsx) and `node bench/run.mjs`
// (no TypeScript loader there, through bench/generate.cjs). Types: configs.d.cts.
// test/fixtures/configs/valid.scim.yaml and entra/valid.scim.yaml are this text (checked by
// test/unit/support/configFixtures.test.ts, written by test/support/config-fixtures.ts --write).
'use strict';

/** What Flosum needs of provisioning, whichever identity provider sends it. */
const FLOSUM_TO_APP = `  toApp:
    createUsers: true
    updateUserAttributes: true
    deactivateUsers: true
    syncPassword: false        # must stay false for Flosum`;

/** The valid config per identity provider, as a person would write it (the shape in DESIGN.md). */
const VALID = {
  okta: `version: 1
app:
  name: Flosum                 # shown in "Flosum was verified successfully!"
  identityProvider: okta
  target: flosum               # flosum | generic-scim
api:
  region: us                   # us | de | jp | au  -> https://global-us.flosum.app/api/v1/scim
  tokenRef: flosum-prod        # name of a token kept in the OS keychain, never the token
saml:
  attributes:                  # SAML 2.0 attribute statements (Sign On tab)
    uniqueUserId: user.id
    firstName: user.firstName
    lastName: user.lastName
    email: user.email
provisioning:
${FLOSUM_TO_APP}
  mappings:                    # SCIM attribute <- Okta expression
    userName: user.email
    givenName: user.firstName
    familyName: user.lastName
    email: user.email
    timezone: user.timezone
  defaults:
    timezone: Etc/UTC
assignments:                   # people assigned to the app
  - userName: jane@example.com
    timezone: Europe/Berlin
  - userName: raj.patel@example.com
    timezone: Asia/Kolkata
  - userName: ken@example.co.jp
    timezone: Asia/Tokyo
  - userName: olivia@example.com.au   # blank time zone means Etc/UTC
`,
  // Entra ID's words in the comments: the portal's blades (Provisioning -> Admin credentials, Attributes & Claims).
  'entra-id': `version: 1
app:
  name: Flosum                 # shown in "Flosum was verified successfully!"
  identityProvider: entra-id
  target: flosum               # flosum | generic-scim
api:                           # Provisioning -> Admin credentials
  region: us                   # Tenant URL: https://global-us.flosum.app/api/v1/scim
  tokenRef: flosum-prod        # the Secret Token is kept in the OS keychain, never here
saml:
  attributes:                  # SAML claims (Single sign-on -> Attributes & Claims)
    uniqueUserId: user.objectid
    firstName: user.givenname
    lastName: user.surname
    email: user.mail
provisioning:
${FLOSUM_TO_APP}
  mappings:                    # SCIM attribute <- Entra expression (Provisioning -> Mappings)
    userName: "[mail]"
    givenName: "[givenName]"
    familyName: "[surname]"
    email: "[mail]"
    timezone: "[extensionAttribute1]"   # Entra has no time-zone attribute
  defaults:
    timezone: Etc/UTC
assignments:                   # Users and groups assigned to the enterprise application
  - userName: jane@example.com
    timezone: Europe/Berlin
    profile:
      extensionAttribute1: Europe/Berlin   # where this tenant keeps the IANA time zone
  - userName: raj.patel@example.com
    timezone: Asia/Kolkata
`,
};

const IDPS = Object.freeze(Object.keys(VALID));
const SECTIONS = Object.freeze(['version', 'app', 'api', 'saml', 'provisioning', 'assignments']);

/** A line's indentation, or -1 for a blank or comment-only line (they belong to the block around them). */
function indentOf(line) {
  return /^\s*(#|$)/.test(line) ? -1 : line.length - line.trimStart().length;
}

/** Drops comment-only lines and trailing comments (the valid configs quote no ' #'). */
function withoutComments(text) {
  return text.split('\n').filter((l) => !/^\s*#/.test(l)).map((l) => l.replace(/\s+#.*$/, '')).join('\n');
}

/** The top-level sections of `text` in order: [{ name, text }] (a section's text without its final newline). */
function sectionsOf(text) {
  const out = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const key = /^([A-Za-z_][\w-]*):/.exec(line);
    if (key || out.length === 0) out.push({ name: key ? key[1] : '', lines: [line] });
    else out[out.length - 1].lines.push(line);
  }
  return out.map((s) => ({ name: s.name, text: s.lines.join('\n') }));
}

/** The `assignments:` section with only its first `n` items. */
function firstAssignees(section, n) {
  const lines = section.split('\n');
  const kept = [lines[0]];
  let items = 0;
  for (const line of lines.slice(1)) {
    if (/^ {2}- /.test(line)) items += 1;
    if (items > n) break;
    kept.push(line);
  }
  return kept.join('\n');
}

/** A string as a YAML scalar: plain where YAML reads it back as the same string, else double-quoted. */
function scalar(v) {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  const plain = v !== '' && !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(v) && !/\s$/.test(v) && !/: |:$| #|[\n\r\t]/.test(v) &&
    !/^(true|false|null|~|yes|no|on|off|[-+]?\.?\d)/i.test(v);
  return plain ? v : JSON.stringify(v);
}

/** A map's entries without the undefined ones. */
function defined(map) {
  return Object.entries(map).filter(([, v]) => v !== undefined);
}

/** `key: value` as YAML lines at `indent` (maps nest, lists of scalars are flow lists, lists of maps are blocks). */
function entryLines(indent, key, value) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return [`${pad}${scalar(key)}: [${value.map(scalar).join(', ')}]`];
    const lines = [`${pad}${scalar(key)}:`];
    for (const item of value) {
      const inner = defined(item).flatMap(([k, v]) => entryLines(indent + 4, k, v));
      if (inner.length === 0) lines.push(`${pad}  - {}`);
      else lines.push(`${pad}  - ${inner[0].trimStart()}`, ...inner.slice(1));
    }
    return lines;
  }
  if (value !== null && typeof value === 'object') {
    const entries = defined(value);
    if (entries.length === 0) return [`${pad}${scalar(key)}: {}`];
    return [`${pad}${scalar(key)}:`, ...entries.flatMap(([k, v]) => entryLines(indent + 2, k, v))];
  }
  return [`${pad}${scalar(key)}:${value === undefined ? '' : ` ${scalar(value)}`}`];
}

/**
 * Where the key at dotted `path` is in `lines`: { start, end, indent } (its line and the lines of its
 * block, end exclusive), or undefined. Keys inside list items are not addressed.
 */
function keyBlock(lines, path) {
  const want = path.split('.');
  const stack = [];
  for (let i = 0; i < lines.length; i++) {
    const indent = indentOf(lines[i]);
    if (indent < 0) continue;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const m = /^\s*(- )?("[^"]*"|'[^']*'|[^\s#'"][^:#]*?):(\s|$)/.exec(lines[i]);
    if (!m) continue;
    const key = /^["']/.test(m[2]) ? m[2].slice(1, -1) : m[2];
    stack.push({ indent, key: m[1] ? '-' : key });
    if (m[1]) stack.push({ indent: indent + 2, key });
    const at = stack.map((s) => s.key);
    if (at.length === want.length && at.every((k, j) => k === want[j])) {
      // its block: the deeper lines after it (blank and comment lines only when deeper lines follow them)
      let end = i + 1;
      while (end < lines.length && nextIndent(lines, end) > indent) end++;
      return { start: i, end, indent };
    }
  }
  return undefined;
}

/** The indentation of the next non-blank, non-comment line from `i` on (-1 when there is none). */
function nextIndent(lines, i) {
  for (let j = i; j < lines.length; j++) if (indentOf(lines[j]) >= 0) return indentOf(lines[j]);
  return -1;
}

/** 0-based line of the key at dotted `path` (e.g. 'provisioning.mappings.timezone') in `text`; throws when it has none. */
function keyLine(text, path) {
  const at = keyBlock(text.split(/\r?\n/), path);
  if (!at) throw new Error(`no key ${path} in the config`);
  return at.start;
}

/** `text` with the key at `path` set to `value`: its line(s) replaced in place, else added at the end of its parent (made when missing). */
function setKey(text, path, value) {
  const lines = text.replace(/\n$/, '').split('\n');
  const at = keyBlock(lines, path);
  const dot = path.lastIndexOf('.');
  const key = path.slice(dot + 1);
  if (at) {
    lines.splice(at.start, at.end - at.start, ...entryLines(at.indent, key, value));
    return lines.join('\n') + '\n';
  }
  if (dot < 0) return [...lines, ...entryLines(0, key, value)].join('\n') + '\n';
  const parentPath = path.slice(0, dot);
  const parent = keyBlock(lines, parentPath);
  if (!parent) return setKey(text, parentPath, { [key]: value });
  lines.splice(parent.end, 0, ...entryLines(parent.indent + 2, key, value));
  return lines.join('\n') + '\n';
}

/** `text` without the key at `path` and its block; throws when it has none. */
function removeKey(text, path) {
  const lines = text.replace(/\n$/, '').split('\n');
  const at = keyBlock(lines, path);
  if (!at) throw new Error(`cannot remove ${path}: no such key in the config`);
  lines.splice(at.start, at.end - at.start);
  return lines.join('\n') + '\n';
}

/** `text` with `from` replaced by `to` (the first occurrence); throws when `from` is not in it. */
function replaceOnce(text, from, to) {
  if (!text.includes(from)) throw new Error(`config replacement not found: ${JSON.stringify(from)}`);
  return text.replace(from, () => to);
}

/**
 * A config as YAML text. Steps, in this order: the identity provider's valid config (with or without
 * its comments, its first `assignees` people), `sections` replaced or removed, `remove`, `set`,
 * `baseUrl`, `tokenRef`, the `header` put first, and last the exact `replace`ments.
 */
function configText(options = {}) {
  const { idp = 'okta', comments = true, header, assignees, sections = {}, remove = [], set = {}, baseUrl, tokenRef, replace = [] } = options;
  if (!(idp in VALID)) throw new Error(`no valid config for identity provider ${idp} (known: ${IDPS.join(', ')})`);
  let parts = sectionsOf(comments ? VALID[idp] : withoutComments(VALID[idp]));
  if (assignees !== undefined) parts = parts.map((s) => (s.name === 'assignments' ? { ...s, text: firstAssignees(s.text, assignees) } : s));
  for (const [name, value] of Object.entries(sections)) {
    const i = parts.findIndex((s) => s.name === name);
    if (value === null || value === '') {
      if (i >= 0) parts.splice(i, 1);
    } else if (i >= 0) parts[i] = { name, text: value.replace(/\n$/, '') };
    else parts.push({ name, text: value.replace(/\n$/, '') });
  }
  let text = parts.map((s) => s.text).join('\n') + '\n';
  for (const path of remove) text = removeKey(text, path);
  for (const [path, value] of Object.entries(set)) text = setKey(text, path, value);
  if (baseUrl !== undefined) {
    const lines = text.split('\n');
    const region = keyBlock(lines, 'api.region');
    if (region) {
      lines.splice(region.start, region.end - region.start, ...entryLines(region.indent, 'baseUrl', baseUrl));
      text = lines.join('\n');
    } else text = setKey(text, 'api.baseUrl', baseUrl);
  }
  if (tokenRef !== undefined) text = setKey(text, 'api.tokenRef', tokenRef);
  if (header !== undefined && header !== null && header !== '') text = `${header.replace(/\n$/, '')}\n${text}`;
  for (const [from, to] of replace) text = replaceOnce(text, from, to);
  return text;
}

/** The parsed value of configText(options) (as the extension and the CLI read it). */
function configValue(options = {}) {
  return require('yaml').parse(configText(options));
}

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Etc/UTC', 'Asia/Kolkata', 'Europe/London'];
const NAMES = ['Jane', 'Raj', 'Ken', 'Olivia', 'Ana', 'Lars', 'Mei', 'Tom'];

/**
 * The benchmark's configs: the valid Okta config with `assignments` generated people (3 lines each).
 * With `errors`, ~1% of them get a schema-detectable error (`givenName: 42`, a wrong type) that every
 * schema-aware tool must report; their 0-based lines are returned.
 * @returns {{ text: string, errorLines: number[], lines: number }}
 */
function generatedConfig(assignments, { errors = false } = {}) {
  const head = configText({ header: '# SCIM provisioning for Flosum (US region), provisioned from Okta.\n# Generated by test/support/configs.cjs (generatedConfig).', assignees: 0 });
  const parts = [head];
  let line = head.split('\n').length - 1;
  const errorLines = [];
  const every = 100;
  for (let i = 0; i < assignments; i++) {
    const name = NAMES[i % NAMES.length];
    const planted = errors && i % every === every >> 1;
    parts.push(`  - userName: ${name.toLowerCase()}.${i}@example.com\n`);
    parts.push(planted ? '    givenName: 42\n' : `    givenName: ${name}\n`);
    if (planted) errorLines.push(line + 1);
    parts.push(`    timezone: ${ZONES[i % ZONES.length]}\n`);
    line += 3;
  }
  // ~1% of a typical file is one line; plant one there too.
  if (errors && assignments < every) {
    parts.push('  - userName: planted@example.com\n    givenName: 42\n');
    errorLines.push(line + 1);
    line += 2;
  }
  return { text: parts.join(''), errorLines, lines: line };
}

module.exports = { IDPS, SECTIONS, configText, configValue, keyLine, generatedConfig };
