// scim-provisioning validate [--format text|json] FILE...
// Exit 0: no errors; 1: any error finding; 2: bad usage or an unreadable file.
import { LineIndex } from '../core/config/lineIndex';
import type { Finding } from '../core/config/types';
import { validateBytes } from '../core/config/validate';
import type { CliIO } from './io';
import { readFileBytes } from './io';

const HELP = `usage: scim-provisioning validate [--format text|json] FILE...

Checks provisioning-config YAML files (*.scim.yaml) against the schema and the target's rules.

options:
  --format text   one line per finding: file:line:col: severity code message (default)
  --format json   one JSON array of {file, line, column, endLine, endColumn, severity, code, message}
  -h, --help      show this help

exit status: 0 no errors, 1 at least one error, 2 bad usage or unreadable file`;

export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: Finding['code'];
  message: string;
}

function toCli(file: string, text: string, findings: Finding[]): CliFinding[] {
  const index = new LineIndex(text);
  return findings.map((f) => {
    const s = index.positionAt(f.start);
    const e = index.positionAt(f.end);
    return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, severity: f.severity, code: f.code, message: f.message };
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function runValidate(argv: string[], io: CliIO): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      io.out(HELP);
      return 0;
    }
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v !== 'text' && v !== 'json') {
        io.err(`scim-provisioning validate: --format must be 'text' or 'json'${v === undefined ? '' : `, not '${v}'`}\n\n${HELP}`);
        return 2;
      }
      format = v;
      continue;
    }
    if (a === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      io.err(`scim-provisioning validate: unknown option '${a}'\n\n${HELP}`);
      return 2;
    }
    files.push(a);
  }
  if (!files.length) {
    io.err(`scim-provisioning validate: no files given\n\n${HELP}`);
    return 2;
  }
  const all: CliFinding[] = [];
  let unreadable = false;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFileBytes(io, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied'
        : e instanceof Error ? e.message : String(e);
      io.err(`scim-provisioning validate: cannot read ${file}: ${why}`);
      unreadable = true;
      continue;
    }
    const { text, findings } = validateBytes(bytes);
    all.push(...toCli(file, text, findings));
  }
  if (format === 'json') {
    io.out(JSON.stringify(all, null, 2));
  } else {
    for (const f of all) io.out(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}`);
  }
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const filesWithErrors = new Set(all.filter((f) => f.severity === 'error').map((f) => f.file)).size;
  if (format === 'text') {
    if (errors || warnings) {
      io.err(`${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in ${plural(filesWithErrors || new Set(all.map((f) => f.file)).size, 'file')}` +
        ` (${plural(files.length, 'file')} checked)`);
    } else if (!unreadable) {
      io.err(`no problems in ${plural(files.length, 'file')}`);
    }
  }
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}
