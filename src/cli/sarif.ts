// `validate --format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps,
// the SARIF viewers). One result per finding, ruleId = the rule code, the region in 1-based lines
// and columns (UTF-16 code units, as the other formats count them; endColumn is exclusive). Paths
// inside the working directory are relative to %SRCROOT% (so a checkout elsewhere still matches);
// others are file: URIs.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_CATALOG } from '../core/config/rules/catalog';
import type { RuleCode } from '../core/config/types';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: RuleCode;
  message: string;
}

export interface SarifOptions {
  version: string;
  /** Default process.cwd(). */
  cwd?: string;
  /** Files that could not be read: reported as tool execution notifications. */
  unreadable?: Array<{ file: string; reason: string }>;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(abs).href };
}

export function renderSarif(findings: readonly SarifFinding[], opts: SarifOptions): Record<string, unknown> {
  const cwd = opts.cwd ?? process.cwd();
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const index = new Map(codes.map((c, i) => [c, i]));
  const rootUri = pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href;
  const unreadable = opts.unreadable ?? [];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'scim-provisioning',
          version: opts.version,
          rules: codes.map((id) => ({ id, shortDescription: { text: RULE_CATALOG[id].summary ?? id } })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
      columnKind: 'utf16CodeUnits',
      invocations: [{
        executionSuccessful: unreadable.length === 0,
        ...(unreadable.length ? {
          toolExecutionNotifications: unreadable.map((u) => ({
            level: 'error',
            message: { text: `cannot read ${u.file}: ${u.reason}` },
            locations: [{ physicalLocation: { artifactLocation: artifactLocation(u.file, cwd) } }],
          })),
        } : {}),
      }],
      results: findings.map((f) => ({
        ruleId: f.code,
        ruleIndex: index.get(f.code) ?? 0,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactLocation(f.file, cwd),
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        }],
      })),
    }],
  };
}
