// The data that flows from text to editor and CLI: findings with their fixes as data.
// Positions are UTF-16 offsets into the document text (what `vscode.TextDocument.positionAt`
// takes); `LineIndex` turns them into 1-based lines/columns for the CLI.
import type { TargetId } from '../targets/types';

export type Severity = 'error' | 'warning' | 'info';

export type RuleCode =
  | 'yaml-syntax'
  | 'yaml-duplicate-key'
  | 'schema-unknown-key'
  | 'schema-type'
  | 'schema-enum'
  | 'schema-required'
  | 'api-endpoint'
  | 'api-region'
  | 'api-insecure-url'
  | 'api-url-path'
  | 'secret-in-file'
  | 'saml-attribute-missing'
  | 'saml-attribute-value'
  | 'provisioning-option'
  | 'sync-password'
  | 'mapping-missing'
  | 'username-not-email'
  | 'timezone-invalid'
  | 'assignment-username'
  | 'assignment-duplicate'
  | 'expression-syntax'
  | 'expression-unknown-attribute'
  | 'expression-unknown-function'
  | 'expression-arguments'
  | 'expression-deprecated';

/** Replace text[start, end) with newText. Edits of one fix never overlap. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * A repair, as data. The editor turns it into a WorkspaceEdit; the CLI could apply it.
 * `secret` is set only on the move-token-to-keychain fix: the editor stores `secret.value`
 * in SecretStorage under `secret.tokenRef` BEFORE applying `edits` (which remove the literal
 * and write `tokenRef`). Never log or print `secret.value`.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Shown first in the light bulb and applied by "Fix all". */
  isPreferred?: boolean;
  /** Groups fixes that "Fix all" may combine; fixes with the same group and edits are de-duplicated. */
  group?: string;
  secret?: { tokenRef: string; value: string };
}

export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  /** Background shown in the hover / related information, not in the one-line message (which leads with the fact and the fix). */
  detail?: string;
  /** Offsets of the offending key or value (for a missing key: its parent key). */
  start: number;
  end: number;
  fixes?: Fix[];
}

export interface ValidateOptions {
  /** Override the target named in the file (`app.target`), e.g. from a setting. */
  target?: TargetId;
  /** Per-code severity overrides from settings; 'off' drops the finding. */
  severities?: Partial<Record<RuleCode, Severity | 'off'>>;
  /** false skips the identity provider's expression checks (the benchmark compares with and without). */
  expressionChecks?: boolean;
}
