// Write mode always cleans up: after a failing check, after cancellation, and it reports what it
// could not remove.
import * as assert from 'node:assert/strict';
import { brokenServersPerTest, nextRequest } from '../../support/broken-servers';
import type { BrokenRequest, BrokenServer } from '../../support/broken-servers';
import { distinctiveToken } from '../../support/secrets';
import { check, result } from './helpers';

const testUsers = (server: BrokenServer): string[] => [...server.users.values()].map((u) => u.userName).filter((n) => n.startsWith('scim-check-'));

describe('conformance: write mode cleanup', function () {
  this.timeout(30_000);
  const token = distinctiveToken('write');
  const { serve, gate: heldUntilTheEnd } = brokenServersPerTest({ users: 5, token });

  it('a check failing mid-way (PUT → 500): the later checks still run and the test user is removed', async () => {
    const server = await serve({ quirks: { failOn: { method: 'PUT', status: 500 } } });
    const report = await check(server.baseUrl, token, { write: true });
    const put = result(report, 'put-user');
    assert.equal(put.status, 'fail');
    assert.equal(put.evidence.status, 500);
    assert.match(put.evidence.request ?? '', /^PUT \/Users\/[0-9a-f-]+$/);
    assert.equal(result(report, 'patch-okta').status, 'pass');
    assert.equal(result(report, 'cleanup').status, 'pass');
    assert.deepEqual(report.leftBehind, []);
    assert.deepEqual(testUsers(server), []);
  });

  it('cancelled via AbortSignal while a write is in flight: remaining checks skip, cleanup still runs', async () => {
    const ac = new AbortController();
    const gate = heldUntilTheEnd();
    // Hold the first PUT /Users/{id} (the put-user check) until the test ends; abort as soon as it arrives.
    const userPut = (r: BrokenRequest): boolean => r.method === 'PUT' && r.path.includes('/Users/');
    const server = await serve({ hold: (r: BrokenRequest) => (userPut(r) ? gate : undefined) });
    const arrived = nextRequest(server, userPut).then(() => ac.abort());
    const report = await check(server.baseUrl, token, { write: true, signal: ac.signal });
    await arrived;
    assert.equal(report.cancelled, true);
    assert.equal(result(report, 'create-user').status, 'pass');
    for (const id of ['put-user', 'patch-okta', 'patch-entra', 'deactivate-user', 'content-type']) {
      assert.equal(result(report, id).status, 'skip', `${id}: ${result(report, id).message}`);
      assert.match(result(report, id).message, /cancelled/, id);
    }
    assert.equal(result(report, 'cleanup').status, 'pass');
    assert.deepEqual(report.leftBehind, []);
    assert.deepEqual(testUsers(server), []);
    const after = server.requests.slice(server.requests.findIndex(userPut));
    assert.ok(after.some((r) => r.method === 'DELETE'), 'no DELETE after the cancel');
  });

  it('cancelled before the run: nothing is sent, nothing is created', async () => {
    const server = await serve();
    const ac = new AbortController();
    ac.abort();
    const report = await check(server.baseUrl, token, { write: true, signal: ac.signal });
    assert.equal(report.cancelled, true);
    assert.equal(report.summary.fail, 0);
    assert.ok(!server.requests.some((r) => r.method === 'POST'));
    assert.deepEqual(testUsers(server), []);
  });

  it('a server that ignores the filter: the cleanup removes the test user only, never a user the filter did not ask for', async () => {
    const server = await serve({ quirks: { ignoreFilter: true } });
    const real = [...server.users.keys()];
    const report = await check(server.baseUrl, token, { write: true });
    assert.equal(result(report, 'cleanup').status, 'pass', result(report, 'cleanup').message);
    assert.deepEqual(testUsers(server), []);
    assert.deepEqual([...server.users.keys()], real, 'a real user was deleted');
  });

  it('a server without DELETE: the deactivated test user is reported as left behind (a fail)', async () => {
    const server = await serve({ quirks: { noDelete: true } });
    const report = await check(server.baseUrl, token, { write: true });
    const cleanup = result(report, 'cleanup');
    assert.equal(cleanup.status, 'fail');
    assert.equal(cleanup.evidence.status, 405);
    assert.match(cleanup.fix ?? '', /DELETE/);
    assert.equal(report.leftBehind.length, 1);
    assert.match(report.leftBehind[0] ?? '', /^scim-check-[a-z0-9]+@example\.invalid \(id [0-9a-f-]+, deactivated\)$/);
    assert.deepEqual(testUsers(server).length, 1);
    assert.equal([...server.users.values()].find((u) => u.userName.startsWith('scim-check-'))?.active, false);
  });
});
