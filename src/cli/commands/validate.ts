// scim-provisioning validate [--fix] [--format text|json|sarif] FILE...
// Exit 0: no errors; 1: any error finding; 2: bad usage or an unreadable file.
// --fix applies every preferred fix first (the editor's Fix All: each fix once, one write per
// file, never the keychain fix), then reports what remains.
import { fixAll } from '../../core/config/fixes';
import { LineIndex } from '../../core/config/yaml/lineIndex';
import type { Finding } from '../../core/config/types';
import { validateBytes } from '../../core/config/validate';
import type { CliIO } from '../io';
import { readFileBytes, writeFileBytes } from '../io';
import { renderSarif } from '../sarif';

const HELP = `usage: scim-provisioning validate [--fix] [--format text|json|sarif] FILE...

Checks provisioning-config YAML files (*.scim.yaml) against the schema and the target's rules.

options:
  --fix           apply every preferred quick fix to the files first (as the editor's Fix All does:
                  each fix once, one write per file, comments, columns and line endings kept; never
                  the move-token-to-keychain fix), then report what remains
  --format text   one line per finding: file:line:col: severity code message (default)
  --format json   one JSON array of {file, line, column, endLine, endColumn, severity, code, message}
  --format sarif  SARIF 2.1.0 for code-scanning tools (one result per finding, ruleId = the code)
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

type Format = 'text' | 'json' | 'sarif';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

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

const BOM = [0xef, 0xbb, 0xbf];
const hasBom = (b: Uint8Array): boolean => BOM.every((x, i) => b[i] === x);

/** Apply the preferred fixes to one file; returns how many were applied (0 when unchanged). */
async function fixFile(io: CliIO, file: string, bytes: Uint8Array, text: string, findings: readonly Finding[]): Promise<{ applied: number; text: string }> {
  // A file that is not valid UTF-8 is left alone: writing the decoded text back would change its bytes.
  if (findings.some((f) => f.code === 'yaml-syntax' && /not valid UTF-8/.test(f.message))) return { applied: 0, text };
  const fixed = fixAll(text);
  if (!fixed.applied || fixed.text === text) return { applied: 0, text };
  const encoded = new TextEncoder().encode(fixed.text);
  const out = hasBom(bytes) ? new Uint8Array([...BOM, ...encoded]) : encoded;
  await writeFileBytes(io, file, out);
  return { applied: fixed.applied, text: fixed.text };
}

export async function runValidate(argv: string[], io: CliIO): Promise<number> {
  let format: Format = 'text';
  let fix = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      io.out(HELP);
      return 0;
    }
    if (a === '--fix') { fix = true; continue; }
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const f = FORMATS.find((x) => x === v);
      if (!f) {
        io.err(`scim-provisioning validate: --format must be 'text', 'json' or 'sarif'${v === undefined ? '' : `, not '${v}'`}\n\n${HELP}`);
        return 2;
      }
      format = f;
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
  const unreadable: Array<{ file: string; reason: string }> = [];
  let fixedProblems = 0;
  let fixedFiles = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFileBytes(io, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException | undefined)?.code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied'
        : e instanceof Error ? e.message : String(e);
      io.err(`scim-provisioning validate: cannot read ${file}: ${why}`);
      unreadable.push({ file, reason: why });
      continue;
    }
    let { text, findings } = validateBytes(bytes);
    if (fix) {
      try {
        const r = await fixFile(io, file, bytes, text, findings);
        if (r.applied) {
          fixedProblems += r.applied;
          fixedFiles++;
          text = r.text;
          findings = validateBytes(new TextEncoder().encode(text)).findings;
        }
      } catch (e) {
        const code = (e as NodeJS.ErrnoException | undefined)?.code;
        io.err(`scim-provisioning validate: cannot write ${file}${code ? ` (${code})` : ''}: left unchanged`);
        unreadable.push({ file, reason: `cannot write${code ? ` (${code})` : ''}` });
      }
    }
    all.push(...toCli(file, text, findings));
  }
  if (format === 'json') {
    io.out(JSON.stringify(all, null, 2));
  } else if (format === 'sarif') {
    io.out(JSON.stringify(renderSarif(all, { version: io.version, unreadable }), null, 2));
  } else {
    for (const f of all) io.out(`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}`);
  }
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const filesWithErrors = new Set(all.filter((f) => f.severity === 'error').map((f) => f.file)).size;
  if (format === 'text') {
    if (fix) io.err(fixedProblems ? `fixed ${plural(fixedProblems, 'problem')} in ${plural(fixedFiles, 'file')}` : 'nothing to fix');
    if (errors || warnings) {
      io.err(`${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''} in ${plural(filesWithErrors || new Set(all.map((f) => f.file)).size, 'file')}` +
        ` (${plural(files.length, 'file')} checked)`);
    } else if (!unreadable.length) {
      io.err(`no problems in ${plural(files.length, 'file')}`);
    }
  }
  if (unreadable.length) return 2;
  return errors > 0 ? 1 : 0;
}
