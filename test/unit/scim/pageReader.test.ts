import * as assert from 'node:assert/strict';
import { PageReader } from '../../../src/core/scim/pageReader';
import { buildListResponse, buildUsers } from '../../support/builders';

// The pager's reading half alone: no client, no server, each answer handed over as the pager would.
function reader(pageSize = 2): { r: PageReader; warnings: string[] } {
  const warnings: string[] = [];
  const r = new PageReader({ pageSize, maxUsers: 1000, maxPages: 100 }, (w) => { if (!warnings.includes(w)) warnings.push(w); }, () => warnings);
  return { r, warnings };
}

function answer(r: PageReader, body: unknown): ReturnType<PageReader['apply']> {
  const read = r.read(body, r.nextRequest());
  assert.ok(read.ok, read.ok ? '' : read.what);
  return r.apply(read.raw);
}

describe('scim/pageReader: a server\'s pages read without any I/O', () => {
  it('pages through to the total, asking for the next startIndex each time', () => {
    const users = buildUsers(5);
    const { r, warnings } = reader(2);
    const seen: string[] = [];
    for (let i = 0; i < 5 && !r.done; i++) {
      const { startIndex, count } = r.nextRequest();
      const page = answer(r, buildListResponse(users.slice(startIndex - 1, startIndex - 1 + count), { totalResults: 5, startIndex }));
      seen.push(...page.users.map((u) => u.id));
    }
    assert.equal(r.done, true);
    assert.deepEqual(seen, users.map((u) => u.id));
    assert.deepEqual(warnings, []);
  });

  it('reads string counters with a warning, drops users seen on an earlier page, and refuses a body that is no ListResponse', () => {
    const users = buildUsers(4);
    const { r, warnings } = reader(2);
    answer(r, { ...buildListResponse(users.slice(0, 2), { totalResults: 4 }), totalResults: '4' });
    assert.ok(warnings.some((w) => /totalResults as a string/.test(w)), warnings.join('\n'));
    const overlap = answer(r, buildListResponse(users.slice(1, 3), { totalResults: 4, startIndex: 3 }));
    assert.deepEqual(overlap.users.map((u) => u.id), [users[2].id]);
    assert.ok(warnings.some((w) => /twice/.test(w)), warnings.join('\n'));
    assert.deepEqual(r.read([], r.nextRequest()), { ok: false, what: 'a JSON body that is not a SCIM ListResponse' });
  });
});
