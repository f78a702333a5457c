// The date functions of Entra's expressions, in UTC: reading the strings Entra reads (ISO 8601 with
// or without a time and an offset, "2020-03-16-07:00", and its own M/d/yyyy h:mm:ss tt), writing
// M/d/yyyy h:mm:ss tt (CDate, DateAdd, Now), VB's DateDiff, AD's 100-ns FILETIME numbers, and the
// .NET custom date formats FormatDateTime takes (the specifiers yyyy yy MM M dd d HH H hh h mm m ss s
// f… F… tt zzz zz z K, quoted literals, backslash escapes).

const MS_DAY = 86_400_000;
/** 1601-01-01 (the FILETIME epoch) to 1970-01-01, in milliseconds. */
const FILETIME_OFFSET_MS = 11_644_473_600_000;

/** Milliseconds since the epoch (UTC) of a date string Entra reads, or undefined. */
export function parseDateTime(s: string): number | undefined {
  const t = s.trim();
  // ISO 8601: 2009-06-15T01:45:30-07:00, 2021-08-24, 2020-03-16-07:00 (a date with an offset), …Z
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', off] = m;
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, Math.round(Number(`0.${frac || '0'}`) * 1000));
    if (!validParts(+y, +mo, +d, +h, +mi, +sec)) return undefined;
    return ms - offsetMinutes(off) * 60_000;
  }
  // Entra's own form: 3/16/2020 7:00:00 AM (and 8/25/2021 5:41:18 PM)
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i.exec(t);
  if (m) {
    const [, mo, d, y, h = '0', mi = '0', sec = '0', ampm] = m;
    let hour = +h;
    if (ampm) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
    }
    if (!validParts(+y, +mo, +d, hour, +mi, +sec)) return undefined;
    return Date.UTC(+y, +mo - 1, +d, hour, +mi, +sec);
  }
  return undefined;
}

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function offsetMinutes(off: string | undefined): number {
  if (!off || off.toUpperCase() === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(off);
  return m ? (m[1] === '-' ? -1 : 1) * (+m[2] * 60 + +m[3]) : 0;
}

/** M/d/yyyy h:mm:ss tt in UTC: "3/16/2020 7:00:00 AM". */
export function formatUs(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export const INTERVALS = ['yyyy', 'm', 'd', 'ww', 'h', 'n', 's'] as const;
export type Interval = (typeof INTERVALS)[number];

export function isInterval(s: string): s is Interval {
  return (INTERVALS as readonly string[]).includes(s);
}

/** Adding months or years keeps the day, clamped to the month's last day (as .NET's AddMonths). */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const target = d.getUTCMonth() + months;
  const ty = y + Math.floor(target / 12);
  const tm = ((target % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return Date.UTC(ty, tm, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

export function dateAdd(interval: Interval, value: number, ms: number): number {
  const v = Math.trunc(value);
  switch (interval) {
    case 'yyyy': return addMonths(ms, 12 * v);
    case 'm': return addMonths(ms, v);
    case 'd': return ms + v * MS_DAY;
    case 'ww': return ms + 7 * v * MS_DAY;
    case 'h': return ms + v * 3_600_000;
    case 'n': return ms + v * 60_000;
    case 's': return ms + v * 1000;
  }
}

/** VB's DateDiff: whole intervals from d1 to d2 (calendar boundaries for months and years; weeks from Sunday). */
export function dateDiff(interval: Interval, d1: number, d2: number): number {
  const a = new Date(d1);
  const b = new Date(d2);
  const fix = (x: number) => Math.trunc(x) + 0;
  switch (interval) {
    case 'yyyy': return b.getUTCFullYear() - a.getUTCFullYear();
    case 'm': return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    case 'd': return fix((d2 - d1) / MS_DAY);
    case 'ww': {
      const sa = d1 - a.getUTCDay() * MS_DAY;
      const sb = d2 - b.getUTCDay() * MS_DAY;
      return fix((sb - sa) / (7 * MS_DAY));
    }
    case 'h': return fix((d2 - d1) / 3_600_000);
    case 'n': return fix((d2 - d1) / 60_000);
    case 's': return fix((d2 - d1) / 1000);
  }
}

/** AD's date format (100-ns intervals since 1601-01-01 UTC) -> milliseconds since the epoch. */
export function fromFileTime(n: number): number {
  return n / 10_000 - FILETIME_OFFSET_MS;
}

export function toFileTime(ms: number): number {
  return (ms + FILETIME_OFFSET_MS) * 10_000;
}

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; spec: string };

/** A .NET custom date format as specifiers and literals. */
function formatParts(format: string): Part[] {
  const out: Part[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === "'" || c === '"') {
      const j = format.indexOf(c, i + 1);
      out.push({ kind: 'literal', text: format.slice(i + 1, j < 0 ? format.length : j) });
      i = j < 0 ? format.length : j + 1;
      continue;
    }
    if (c === '\\' && i + 1 < format.length) { out.push({ kind: 'literal', text: format[i + 1] }); i += 2; continue; }
    if ('yMdHhmsfFtzK'.includes(c)) {
      let j = i;
      while (j < format.length && format[j] === c) j++;
      out.push({ kind: 'field', spec: format.slice(i, j) });
      i = j;
      continue;
    }
    out.push({ kind: 'literal', text: c });
    i++;
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function fieldPattern(spec: string): string | undefined {
  const c = spec[0];
  const n = spec.length;
  if (c === 'y') return n >= 4 ? '(\\d{4})' : n === 2 ? '(\\d{2})' : '(\\d{1,4})';
  if (c === 'M') return n >= 3 ? undefined : n === 2 ? '(\\d{2})' : '(\\d{1,2})';
  if (c === 'd') return n >= 3 ? undefined : n === 2 ? '(\\d{2})' : '(\\d{1,2})';
  if ('Hhms'.includes(c)) return n === 2 ? '(\\d{2})' : '(\\d{1,2})';
  if (c === 'f') return `(\\d{${n}})`;
  if (c === 'F') return `(\\d{0,${n}})`;
  if (c === 't') return n >= 2 ? '([AaPp][Mm])' : '([AaPp])';
  if (c === 'z') return n >= 3 ? '([+-]\\d{2}:\\d{2})' : n === 2 ? '([+-]\\d{2})' : '([+-]\\d{1,2})';
  if (c === 'K') return '(Z|[+-]\\d{2}:\\d{2})?';
  return undefined;
}

/** Read `s` with a .NET custom date format; milliseconds since the epoch (offsets applied: the result is UTC). */
export function parseWithFormat(s: string, format: string): number | undefined {
  const parts = formatParts(format);
  let re = '^\\s*';
  const fields: string[] = [];
  for (const p of parts) {
    if (p.kind === 'literal') { re += escapeRe(p.text); continue; }
    const pat = fieldPattern(p.spec);
    if (!pat) return undefined;
    re += pat;
    fields.push(p.spec);
  }
  const m = new RegExp(`${re}\\s*$`).exec(s);
  if (!m) return undefined;
  let y = 1; let mo = 1; let d = 1; let h = 0; let mi = 0; let sec = 0; let ms = 0; let pm: boolean | undefined; let off = 0;
  fields.forEach((spec, i) => {
    const v = m[i + 1] ?? '';
    const c = spec[0];
    if (c === 'y') y = spec.length === 2 ? 2000 + +v : +v;
    else if (c === 'M') mo = +v;
    else if (c === 'd') d = +v;
    else if (c === 'H' || c === 'h') h = +v;
    else if (c === 'm') mi = +v;
    else if (c === 's') sec = +v;
    else if (c === 'f' || c === 'F') ms = v ? Math.round(Number(`0.${v}`) * 1000) : 0;
    else if (c === 't') pm = /^p/i.test(v);
    else if (c === 'z' || c === 'K') off = v ? offsetMinutes(/^[+-]\d{1,2}$/.test(v) ? `${v[0]}${v.slice(1).padStart(2, '0')}:00` : v) : 0;
  });
  if (pm !== undefined) h = (h % 12) + (pm ? 12 : 0);
  if (!validParts(y, mo, d, h, mi, sec)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - off * 60_000;
}

/** Write a UTC time with a .NET custom date format. */
export function formatWithFormat(msEpoch: number, format: string): string | undefined {
  const dt = new Date(msEpoch);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let out = '';
  for (const p of formatParts(format)) {
    if (p.kind === 'literal') { out += p.text; continue; }
    const c = p.spec[0];
    const n = p.spec.length;
    const h = dt.getUTCHours();
    switch (c) {
      case 'y': out += n === 2 ? pad(dt.getUTCFullYear() % 100, 2) : pad(dt.getUTCFullYear(), Math.max(n, 1)); break;
      case 'M':
        if (n >= 3) out += dt.toLocaleString('en-US', { month: n === 3 ? 'short' : 'long', timeZone: 'UTC' });
        else out += pad(dt.getUTCMonth() + 1, n);
        break;
      case 'd':
        if (n >= 3) out += dt.toLocaleString('en-US', { weekday: n === 3 ? 'short' : 'long', timeZone: 'UTC' });
        else out += pad(dt.getUTCDate(), n);
        break;
      case 'H': out += pad(h, n); break;
      case 'h': out += pad(h % 12 === 0 ? 12 : h % 12, n); break;
      case 'm': out += pad(dt.getUTCMinutes(), n); break;
      case 's': out += pad(dt.getUTCSeconds(), n); break;
      case 'f': out += pad(dt.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, n); break;
      case 'F': out += pad(dt.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, n).replace(/0+$/, ''); break;
      case 't': out += (h < 12 ? 'AM' : 'PM').slice(0, n >= 2 ? 2 : 1); break;
      case 'z': out += n >= 3 ? '+00:00' : n === 2 ? '+00' : '+0'; break;
      case 'K': out += 'Z'; break;
      default: return undefined;
    }
  }
  return out;
}
