import * as assert from 'node:assert/strict';
import { DEFAULT_IDP_DESCRIPTOR, ENTRA_ID, IDP_DESCRIPTORS, OKTA } from '../../../src/core/idp/descriptors';
import { ALL_IDP_MODULES } from '../../../src/core/idp/modules';
import { IDP_IDS, idpDescriptorFor, idpDescriptorOf, idpNamed, identityProviderFor } from '../../../src/core/idp/registry';
import { REQUEST_DIALECTS } from '../../../src/core/simulate/dialects';
import { TARGETS } from '../../../src/core/targets/registry';
import { scaffoldConfig } from '../../../src/core/config/scaffold';
import { main } from '../../../src/cli/main';
import { captureIO } from '../../support/cli-io';
import type { IdpDescriptor } from '../../../src/core/idp/types';

describe('idp descriptors: one per identity provider, read by generic code', () => {
  it('the ids, the modules, the request shapes and the targets\' per-IdP tables agree', () => {
    assert.deepEqual(IDP_IDS, IDP_DESCRIPTORS.map((d) => d.id));
    assert.equal(new Set(IDP_IDS).size, IDP_IDS.length);
    assert.deepEqual(ALL_IDP_MODULES.map((m) => m.id), IDP_IDS);
    for (const d of IDP_DESCRIPTORS) {
      const m = ALL_IDP_MODULES.find((x) => x.id === d.id)!;
      // a module carries its descriptor's data, not a copy of its own
      for (const k of ['label', 'expressionLabel', 'consoleLabels', 'words', 'matching', 'walkthrough'] as const) assert.equal(m[k], d[k], `${d.id}.${k}`);
      assert.ok(REQUEST_DIALECTS[d.id], `${d.id} has request shapes`);
      assert.equal(idpDescriptorFor(d.id), d);
      for (const a of d.aliases) assert.equal(idpDescriptorFor(a), d, a);
    }
    // per-IdP tables are keyed by the ids (data keys)
    for (const t of Object.values(TARGETS)) for (const k of Object.keys(t.expected)) assert.ok(IDP_IDS.includes(k as never), `${t.id}: ${k}`);
  });

  it('a missing or unknown name is the default identity provider; only exact names are named', () => {
    assert.equal(DEFAULT_IDP_DESCRIPTOR, OKTA);
    for (const v of [undefined, null, 42, 'Entra-ID', 'constructor', '__proto__', 'toString']) {
      assert.equal(idpDescriptorFor(v), OKTA, String(v));
      assert.equal(idpNamed(v), undefined, String(v));
    }
    assert.equal(idpNamed('azure-ad'), ENTRA_ID);
    // a misspelt key still names the provider (the schema reports the key)
    assert.equal(idpDescriptorOf({ app: { identityProvder: 'entra-id' } }), ENTRA_ID);
    assert.equal(identityProviderFor('azure-ad').id, ENTRA_ID.id);
  });

  it('a new config is written in its identity provider\'s words', () => {
    for (const d of IDP_DESCRIPTORS) {
      const text = scaffoldConfig({ identityProvider: d.id, region: 'de' });
      assert.match(text, new RegExp(`^  identityProvider: ${d.id}$`, 'm'));
      assert.ok(text.includes(`# ${d.consoleLabels.api}`), d.id);
      for (const c of Object.values((d as IdpDescriptor).words.mappingComments ?? {})) assert.ok(text.includes(`# ${c}`), `${d.id}: ${c}`);
    }
  });

  it('the CLI offers every identity provider for simulate --idp, and refuses another', async () => {
    const help = captureIO();
    assert.equal(await main(['simulate', '--help'], help), 0);
    assert.ok(help.stdout.join('\n').includes(`[--idp ${IDP_IDS.join('|')}]`), help.stdout.join('\n'));
    const bad = captureIO();
    assert.equal(await main(['simulate', '--config', 'x.scim.yaml', '--idp', 'onelogin'], bad), 2);
    for (const id of IDP_IDS) assert.ok(bad.stderr.join('\n').includes(id), bad.stderr.join('\n'));
  });
});
