import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, EXTENSION_ID } from '../../../src/extension/base/constants';
import { configWith, openFixture, waitForDiagnostics } from './helpers';

describe('activation', () => {
  it('is installed in the editor under test', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} not found`);
  });

  it('activates when a *.scim.yaml file is opened (and reports on it)', async () => {
    // A finding only comes from the running extension: waiting for it waits for activation.
    const doc = await openFixture('activation.scim.yaml', configWith(['syncPassword: false', 'syncPassword: true']));
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => d.source === DIAGNOSTIC_SOURCE), 15_000, 'the first finding after opening');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true, 'extension should be active');
  });

  for (const name of ['activation.scim.yml', 'scim-provisioning.yaml']) {
    it(`treats ${name} as a provisioning config`, async () => {
      const doc = await openFixture(name, configWith(['syncPassword: false', 'syncPassword: true']));
      await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 10_000, `findings on ${name}`);
    });
  }
});
