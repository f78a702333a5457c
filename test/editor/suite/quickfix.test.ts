import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activeExtension, applyAction, codeActions, configWith, diagnostic, hasCode, lacksCode,
  openFixture, quickFixesFor, waitForDiagnostics,
} from './helpers';
import { FIX_ALL_KIND } from '../../../src/extension/base/constants';

interface Case {
  code: string;
  replacements: Array<[string, string]>;
  /** picks the fix to apply among those offered (default: the preferred one, else the first) */
  pick?: (a: vscode.CodeAction) => boolean;
  /** text the document must contain after the fix */
  expect: RegExp;
}

const CASES: Case[] = [
  { code: 'mapping-missing', replacements: [['    familyName: user.lastName\n', '']], expect: /^ {4}familyName: user\.lastName$/m },
  {
    code: 'mapping-missing',
    replacements: [['    givenName: user.firstName\n    familyName: user.lastName\n', ''], ['    timezone: user.timezone\n', '']],
    pick: (a) => /all/i.test(a.title),
    expect: /givenName: user\.firstName[\s\S]*familyName: user\.lastName|familyName: user\.lastName[\s\S]*givenName: user\.firstName/,
  },
  // 'true' -> 'false' is one longer: the fix takes one blank of the padding, so the comment keeps its column.
  { code: 'sync-password', replacements: [['syncPassword: false', 'syncPassword: true']], expect: /syncPassword: false {2}# must stay false for Flosum/ },
  { code: 'username-not-email', replacements: [['    userName: user.email\n    givenName', '    userName: user.login\n    givenName']], expect: /^ {4}userName: user\.email$/m },
  { code: 'timezone-invalid', replacements: [['    timezone: Etc/UTC', '    timezone: Europe/Berln']], pick: (a) => /Europe\/Berlin/.test(a.title), expect: /defaults:\n {4}timezone: Europe\/Berlin\n/ },
  { code: 'provisioning-option', replacements: [['    deactivateUsers: true', '    deactivateUsers: false']], expect: /^ {4}deactivateUsers: true$/m },
  { code: 'saml-attribute-missing', replacements: [['    lastName: user.lastName\n', '']], expect: /^ {4}lastName: user\.lastName$/m },
];

describe('quick fixes', () => {
  before(async () => { await activeExtension(); });

  for (const c of CASES) {
    const label = c.pick ? `${c.code} (${c.pick.toString().includes('all') ? '"add all"' : 'chosen fix'})` : c.code;
    it(`${label}: the fix applies and the document re-validates clean for that code`, async () => {
      const doc = await openFixture(`fix-${c.code}.scim.yaml`, configWith(...c.replacements));
      const ds = await waitForDiagnostics(doc.uri, hasCode(c.code), 10_000, c.code);
      const d = diagnostic(ds, c.code);
      const fixes = await quickFixesFor(doc, d);
      assert.ok(fixes.length > 0, `no quick fix offered for ${c.code}`);
      const fix = c.pick ? fixes.find(c.pick) : fixes.find((f) => f.isPreferred) ?? fixes[0];
      assert.ok(fix, `none of the fixes matched: ${fixes.map((f) => f.title).join(' | ')}`);
      await applyAction(fix);
      await waitForDiagnostics(doc.uri, lacksCode(c.code), 10_000, `no ${c.code} after "${fix.title}"`);
      assert.match(doc.getText(), c.expect);
      if (c.pick?.toString().includes('all')) {
        const after = await waitForDiagnostics(doc.uri, (x) => x.length === 0, 10_000, 'a clean file after "add all"');
        assert.deepEqual(after, []);
      }
    });
  }

  it('source.fixAll makes a file with only fixable problems clean', async () => {
    const doc = await openFixture('fix-all.scim.yaml', configWith(
      ['syncPassword: false', 'syncPassword: true'],
      ['    userName: user.email\n    givenName', '    userName: user.login\n    givenName'],
      ['    familyName: user.lastName\n', ''],
      ['    timezone: Etc/UTC', '    timezone: Europe/Berln'],
      ['    deactivateUsers: true', '    deactivateUsers: false'],
      ['    lastName: user.lastName\n', ''],
    ));
    await waitForDiagnostics(doc.uri, (x) => x.length >= 5, 10_000, 'the findings to fix');
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await codeActions(doc.uri, all, vscode.CodeActionKind.SourceFixAll.value);
    const fixAll = actions.find((a) => a.kind?.value === FIX_ALL_KIND);
    assert.ok(fixAll, `no ${FIX_ALL_KIND} action; got ${actions.map((a) => `${a.kind?.value}: ${a.title}`).join(' | ') || 'none'}`);
    await applyAction(fixAll);
    const after = await waitForDiagnostics(doc.uri, (x) => x.length === 0, 10_000, 'a clean file after fix-all');
    assert.deepEqual(after, []);
    assert.match(doc.getText(), /# must stay false for Flosum/, 'comments are kept');
  });
});
