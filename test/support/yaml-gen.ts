// Random block YAML for the fast-path property test: nested mappings and sequences (compact items
// too), every kind of scalar the configs use and some they don't, comments and blank lines at random
// places and indentations, CRLF, a missing final newline; then character-level mutations. Seeded.

const WORDS = ['version', 'app', 'name', 'api', 'region', 'tokenRef', 'saml', 'attributes', 'userName', 'givenName', 'timezone', 'email', 'x', 'a-b', 'a_b', 'key with spaces', 'über', '-dash', 'a:b', 'a#b', 'a,b', 'a[0]'];
/** Values yaml rejects or the fast path leaves to yaml (only with `exotic`). */
const EXOTIC_PLAIN = ['a: b', '{a}', 'x: '];
const EXOTIC_QUOTED = ["'multi", '"bad\\q"', '"\\x41"', '"\\U0001F600"', '"tab\\tnew\\nline"'];
const PLAIN = ['Flosum', 'okta', 'user.email', 'user.firstName', 'https://global-us.flosum.app/api/v1/scim', 'Europe/Berlin', 'jane@example.com', 'a b c', 'a#b', 'a:b', 'x, y', 'a[1]', 'a{b}', '-x', '--x',
  '42', '-5', '+7', '007', '0o17', '0x1F', '1.50', '1e3', '.5', '.inf', '-.Inf', '.nan', 'true', 'False', 'TRUE', 'yes', 'null', 'Null', '~', 'NULL', 'é', '日本', '😀', 'a\\b', 'C:\\x'];
const QUOTED = ["'it''s'", "''", "'a # b'", "'x: y'", '"a\\"b"', '""', '"\\u00e9"', '"\\/"', '"a # b"', '"C:\\\\x"', "'\\'"];
const FLOW_ITEMS = ['costCenterCode', 'isContractor', 'a', 'x1', '42', '1.5', 'true', 'null', 'user.email', 'a-b', 'a/b', 'jane@example.com', '0x1F', '_x', '+7', '-7', '-x', '-.5', 'a.b.c', 'Null', 'e+1'];
const COMMENTS = ['#', '# c', '#c', '# a: b', '#  spaced  ', '# - item'];

export interface GenOptions {
  crlf?: boolean;
  /** Also values that yaml rejects or that only the full parse reads (escapes, multi-line quotes). */
  exotic?: boolean;
}

export function generateYaml(rnd: () => number, opts: GenOptions = {}): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const lines: string[] = [];
  const comment = (indent: number): void => {
    const r = rnd();
    if (r < 0.06) lines.push('');
    else if (r < 0.08) lines.push(' '.repeat(Math.floor(rnd() * 4)));
    else if (r < 0.14) {
      const ind = pick([0, indent, indent, Math.max(0, indent - 2), indent + 2, indent + 1]);
      lines.push(`${' '.repeat(ind)}${pick(COMMENTS)}`);
    }
  };
  const trail = (): string => (rnd() < 0.12 ? `${' '.repeat(1 + Math.floor(rnd() * 3))}${pick(COMMENTS)}` : rnd() < 0.05 ? '  ' : '');
  const scalar = (): string => {
    const r = rnd();
    if (opts.exotic && r < 0.08) return pick(r < 0.04 ? EXOTIC_PLAIN : EXOTIC_QUOTED);
    if (r < 0.6) return pick(PLAIN);
    if (r < 0.85) return pick(QUOTED);
    return `${pick(WORDS)}${Math.floor(rnd() * 100)}`;
  };
  // A one-line flow list: words, numbers, booleans; with `exotic`, now and then what the fast path leaves to yaml.
  const flowList = (): string => {
    const n = Math.floor(rnd() * 5);
    const sp = (): string => pick(['', '', ' ', '  ']);
    const items = Array.from({ length: n }, () => (!opts.exotic || rnd() < 0.85 ? pick(FLOW_ITEMS) : rnd() < 0.5 ? pick(QUOTED) : pick(PLAIN)));
    return `[${sp()}${items.join(`${sp()},${pick([' ', ' ', '', '  '])}`)}${opts.exotic && rnd() < 0.1 ? ',' : ''}${sp()}]`;
  };
  const key = (): string => (rnd() < 0.08 ? pick(["'q k'", '"d k"', '1', 'true', '~', "''"]) : pick(WORDS) + (rnd() < 0.5 ? String(Math.floor(rnd() * 20)) : ''));

  const map = (indent: number, depth: number, first?: string): void => {
    const n = 1 + Math.floor(rnd() * (depth === 0 ? 7 : 4));
    for (let i = 0; i < n; i++) {
      const lead = i === 0 && first !== undefined ? first : ' '.repeat(indent);
      if (!(i === 0 && first !== undefined)) comment(indent);
      const k = key();
      const r = rnd();
      if (depth < 4 && r < 0.25) {
        lines.push(`${lead}${k}:${trail()}`);
        if (rnd() < 0.3) comment(indent + 2);
        map(indent + pick([2, 2, 4, 1]), depth + 1);
      } else if (depth < 4 && r < 0.4) {
        lines.push(`${lead}${k}:${trail()}`);
        seq(rnd() < 0.3 ? indent : indent + 2, depth + 1);
      } else if (r < 0.47) {
        lines.push(`${lead}${k}:${rnd() < 0.5 ? '' : ' '}${trail()}`);
      } else if (r < 0.53) {
        lines.push(`${lead}${k}: ${flowList()}${trail()}`);
      } else {
        lines.push(`${lead}${k}: ${scalar()}${trail()}`);
      }
    }
  };
  const seq = (indent: number, depth: number): void => {
    const n = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      comment(indent);
      const r = rnd();
      const dash = `${' '.repeat(indent)}-${rnd() < 0.85 ? ' ' : '   '}`;
      if (depth < 4 && r < 0.45) {
        map(dash.length, depth + 1, dash);
      } else if (depth < 4 && r < 0.55) {
        lines.push(`${' '.repeat(indent)}-${trail()}`);
        if (rnd() < 0.5) map(indent + 2, depth + 1);
        else seq(indent + 2, depth + 1);
      } else if (r < 0.62) {
        lines.push(`${' '.repeat(indent)}-${rnd() < 0.5 ? '' : ' '}${trail()}`);
      } else {
        lines.push(`${dash}${scalar()}${trail()}`);
      }
    }
  };
  if (rnd() < 0.5) { lines.push(pick(COMMENTS)); if (rnd() < 0.5) lines.push(''); }
  if (rnd() < 0.08) seq(rnd() < 0.5 ? 0 : 2, 0);
  else map(0, 0);
  if (rnd() < 0.3) comment(0);
  if (rnd() < 0.2) lines.push(pick(COMMENTS));
  let text = lines.join('\n') + (rnd() < 0.85 ? '\n' : '');
  if (opts.crlf) text = text.replace(/\n/g, '\r\n');
  return text;
}

const SNIPPETS = ['a', ' ', '  ', '\n', '\r\n', '#', ' #', ': ', ':', '-', '- ', '"', "'", '42', 'true', 'null', '\n  ', '\n- ', '\n  - x: 1', '&a ', '*a', '{', '[', ']', '}', '\t', '|', '>', '---\n', '...', '\n# c\n', '? ', '!!str ', '%', '\\', '\ufeff', '\r'];

/** One random character-level edit: insert a snippet, replace a few characters, or delete some. */
export function mutateYaml(text: string, rnd: () => number): string {
  const pos = Math.floor(rnd() * (text.length + 1));
  const op = rnd();
  const snippet = SNIPPETS[Math.floor(rnd() * SNIPPETS.length)];
  if (op < 0.45) return text.slice(0, pos) + snippet + text.slice(pos);
  const len = Math.floor(rnd() * (op < 0.8 ? 4 : 30));
  return text.slice(0, pos) + (op < 0.8 ? snippet : '') + text.slice(pos + len);
}

/** One random line-level edit: delete, duplicate, move, indent or dedent a line, or cut the text there. */
export function mutateLines(text: string, rnd: () => number): string {
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(nl);
  const i = Math.floor(rnd() * lines.length);
  const j = Math.floor(rnd() * lines.length);
  switch (Math.floor(rnd() * 6)) {
    case 0: lines.splice(i, 1); break;
    case 1: lines.splice(i, 0, lines[j]); break;
    case 2: lines.splice(j, 0, ...lines.splice(i, 1)); break;
    case 3: lines[i] = `  ${lines[i]}`; break;
    case 4: lines[i] = lines[i].replace(/^ {1,2}/, ''); break;
    default: return lines.slice(0, i).join(nl) + (rnd() < 0.5 ? nl : '');
  }
  return lines.join(nl);
}
