// The target's data in the editor: a wrong region offers every region as a quick fix (the suggestion
// first; preferred unless it is a guess from an area word such as 'eu'), and rule messages lead with the fact and the fix in plain text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, applyAction, configWith, diagnostic, hasCode, lineOf, openFixture, quickFixesFor, waitForDiagnostics } from './helpers';

describe('target requirements in the editor', () => {
  before(async () => { await activeExtension(); });

  it("region 'eu': every Flosum region is a quick fix, 'de' first (a guess, so not preferred); picking 'jp' applies it", async () => {
    const doc = await openFixture('region-fixes.scim.yaml', configWith(['  region: us\n', '  region: eu   # Frankfurt\n']));
    const ds = await waitForDiagnostics(doc.uri, hasCode('api-region'), 10_000, 'api-region');
    const d = diagnostic(ds, 'api-region');
    assert.equal(d.message, "Region 'eu' is not a Flosum region: did you mean 'de'?");
    const fixes = await quickFixesFor(doc, d);
    assert.deepEqual(fixes.map((f) => f.title), ["Change region to 'de' (Germany)", "Change region to 'us' (United States)",
      "Change region to 'jp' (Japan)", "Change region to 'au' (Australia)"]);
    assert.deepEqual(fixes.map((f) => !!f.isPreferred), [false, false, false, false]);
    await applyAction(fixes[2]);
    await waitForDiagnostics(doc.uri, (x) => x.length === 0, 10_000, 'a clean file after picking jp');
    assert.equal(doc.lineAt(lineOf(doc, 'region:')).text, '  region: jp   # Frankfurt');
  });

  it('a missing mapping reads "add \'timezone: user.timezone\'" up front, in plain text', async () => {
    const doc = await openFixture('plain-messages.scim.yaml', configWith(['    timezone: user.timezone\n', '']));
    const d = diagnostic(await waitForDiagnostics(doc.uri, hasCode('mapping-missing'), 10_000, 'mapping-missing'), 'mapping-missing');
    assert.equal(d.message, "Mapping for 'timezone' is missing: add 'timezone: user.timezone'.");
    assert.ok(!d.message.includes('`'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });
});
