// Read-only checks of paging, as Okta's import pages (startIndex=1, +count): the counters, a sweep of
// the whole list, unaligned and 0-based starts, past the end, count=0, maxResults.
import { evidenceOf, idsOf, isInt, isObj, jsonFragment, noAnswer, outcome, pass, skip } from '../helpers';
import type { Json } from '../helpers';
import { counter, runSweep } from '../sweep';
import type { ConformanceCheck } from '../types';
import { readServiceProviderSupport, resourcesOf } from '../../scim/serviceProvider';
import { oktaList, get, spcReply, notList, pastEnd } from './reads';

export const pagingChecks: ConformanceCheck[] = [
  {
    id: 'paging-counters',
    title: 'List counters are integers and itemsPerPage is the number returned',
    reference: 'RFC 7644 §3.4.2; Okta import',
    severity: 'fail',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const replies = [await oktaList(ctx), ...sweep.pages.map((p) => p.reply), await pastEnd(ctx)]
        .filter((r) => r.status === 200 && isObj(r.json));
      if (!replies.length) return skip('No ListResponse to inspect.');
      for (const r of replies) {
        const body = r.json as Json;
        for (const key of ['totalResults', 'startIndex', 'itemsPerPage']) {
          if (!isInt(body[key])) {
            return outcome('fail', `"${key}" is ${JSON.stringify(body[key]) ?? 'missing'}, not an integer.`, evidenceOf(ctx, r, `"${key}":${JSON.stringify(body[key]) ?? '(missing)'}`),
              'Send totalResults, startIndex and itemsPerPage as JSON integers (not strings); Okta stops importing otherwise.');
          }
        }
      }
      for (const r of replies) {
        const body = r.json as Json;
        const n = resourcesOf(body).length;
        if (body.itemsPerPage !== n) {
          const requested = Number(/[?&]count=(\d+)/.exec(r.request)?.[1] ?? NaN);
          const echo = body.itemsPerPage === requested;
          return outcome('warn', echo
            ? `itemsPerPage echoes the requested count (${requested}) instead of the ${n} resources returned.`
            : `itemsPerPage is ${String(body.itemsPerPage)} but ${n} resources were returned.`,
          evidenceOf(ctx, r, `"itemsPerPage":${String(body.itemsPerPage)}, ${n} Resources`),
          'Set itemsPerPage to the number of resources in this page (RFC 7644 §3.4.2).');
        }
      }
      return pass(`Integer counters and itemsPerPage = returned on ${replies.length} pages.`);
    },
  },
  {
    id: 'paging-sweep',
    title: 'Paging the whole tenant: no duplicates, no gaps, stable order',
    reference: 'Okta import; RFC 7644 §3.4.2.4',
    severity: 'fail',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const fix = 'Page with a stable sort (e.g. by id or creation time), 1-based startIndex, and totalResults equal to the number of matching users.';
      if (sweep.broken) {
        const r = sweep.broken;
        if (r.status === undefined) return noAnswer(ctx, r, 'fail');
        return outcome('fail', `A page was not a 200 ListResponse (HTTP ${r.status}).`, evidenceOf(ctx, r), fix);
      }
      const first = sweep.pages[0]?.reply;
      if (!first) return skip('No page read.');
      if (sweep.totalResults === undefined) return outcome('fail', 'totalResults is not a number; the tenant cannot be paged.', evidenceOf(ctx, first, `"totalResults":${JSON.stringify((first.json as Json).totalResults) ?? '(missing)'}`), fix);
      const dup = sweep.duplicates[0];
      if (dup) {
        return outcome('fail', `${sweep.duplicates.length} duplicate${sweep.duplicates.length === 1 ? '' : 's'} across pages (first: id ${dup.id}).`,
          { request: dup.request, status: 200, fragment: `"id":${JSON.stringify(dup.id)} already seen on an earlier page` }, fix);
      }
      if (sweep.totalChanged) {
        return outcome('fail', `totalResults changed while paging (${String(sweep.totalChanged.from)} → ${String(sweep.totalChanged.to)}).`,
          { request: sweep.totalChanged.request, status: 200, fragment: `"totalResults":${JSON.stringify(sweep.totalChanged.to)}` }, fix);
      }
      if (!sweep.truncated && sweep.ids.length !== sweep.totalResults) {
        const last = sweep.shortAt ?? sweep.pages[sweep.pages.length - 1]?.reply ?? first;
        return outcome('fail', `Paging returned ${sweep.ids.length} users, totalResults says ${sweep.totalResults}${sweep.ids.length < sweep.totalResults ? ' (a gap: e.g. 0-based startIndex, or a wrong totalResults)' : ''}.`,
          evidenceOf(ctx, last, jsonFragment(ctx, { totalResults: (last.json as Json | undefined)?.totalResults, Resources: idsOf(last.json) })), fix);
      }
      // Stable order: the first page again.
      const again = await get(ctx, first.request.slice('GET '.length));
      if (again.status === undefined) return noAnswer(ctx, again, 'fail');
      const a = idsOf(first.json);
      const b = idsOf(again.json);
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        return outcome('fail', 'The first page came back in a different order the second time.', evidenceOf(ctx, again, jsonFragment(ctx, { before: a.slice(0, 5), after: b.slice(0, 5) })), fix);
      }
      const scope = sweep.truncated ? `sampled: the first ${sweep.ids.length} of ${sweep.totalResults} users (${sweep.pages.length} pages)` : `${sweep.ids.length} users in ${sweep.pages.length} page${sweep.pages.length === 1 ? '' : 's'}`;
      return pass(`No duplicates, no gaps, stable order (${scope}).`, { request: first.request, status: first.status });
    },
  },
  {
    id: 'paging-unaligned',
    title: 'An unaligned startIndex returns the users at that 1-based position',
    reference: 'RFC 7644 §3.4.2.4',
    severity: 'fail',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const n = sweep.ids.length;
      if (n < 2 || sweep.duplicates.length || sweep.broken) return skip(n < 2 ? 'Needs at least two users.' : 'The sweep itself failed; nothing to compare with.');
      const [start, count] = n >= 4 ? [3, 2] : [2, 1];
      const r = await get(ctx, `/Users?startIndex=${start}&count=${count}`);
      const fix = 'Treat startIndex as 1-based: startIndex=1 is the first user; return `count` users starting there.';
      const bad = notList(ctx, r, 'fail', fix);
      if (bad) return bad;
      const expected = sweep.ids.slice(start - 1, start - 1 + count);
      const got = idsOf(r.json);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        return outcome('fail', `Expected users #${start}–${start + count - 1} (${expected.join(', ')}), got ${got.join(', ') || 'none'}.`, evidenceOf(ctx, r, jsonFragment(ctx, { expected, got })), fix);
      }
      return pass(`startIndex=${start}&count=${count} returned ${got.join(', ')}.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-start-index-zero',
    title: 'startIndex=0 is treated as 1',
    reference: 'RFC 7644 §3.4.2.4',
    severity: 'warn',
    async run(ctx) {
      const okta = await oktaList(ctx);
      const r = await get(ctx, '/Users?startIndex=0&count=2');
      const fix = 'Interpret a startIndex below 1 as 1 (RFC 7644 §3.4.2.4).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const expected = idsOf(okta.json);
      const got = idsOf(r.json);
      if (JSON.stringify(got) !== JSON.stringify(expected)) return outcome('warn', `startIndex=0 returned ${got.join(', ') || 'nothing'}; startIndex=1 returned ${expected.join(', ') || 'nothing'}.`, evidenceOf(ctx, r, jsonFragment(ctx, { expected, got })), fix);
      return pass('Same users as startIndex=1.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-past-end',
    title: 'A startIndex past the end → empty Resources',
    reference: 'RFC 7644 §3.4.2.4; Okta import',
    severity: 'fail',
    async run(ctx) {
      const r = await pastEnd(ctx);
      const fix = 'Return HTTP 200 with no Resources when startIndex is past totalResults; never wrap around to the first page.';
      const bad = notList(ctx, r, 'fail', fix);
      if (bad) return bad;
      const n = resourcesOf(r.json).length;
      if (n) return outcome('fail', `${n} users returned past the end.`, evidenceOf(ctx, r, jsonFragment(ctx, { Resources: idsOf(r.json).slice(0, 10) })), fix);
      return pass('HTTP 200 with no resources.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-count-zero',
    title: 'count=0 returns only totalResults',
    reference: 'RFC 7644 §3.4.2.4',
    severity: 'warn',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      const r = await get(ctx, '/Users?startIndex=1&count=0');
      const fix = 'For count=0 return totalResults and no Resources (RFC 7644 §3.4.2.4).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const n = resourcesOf(r.json).length;
      if (n) return outcome('warn', `count=0 returned ${n} users.`, evidenceOf(ctx, r, jsonFragment(ctx, { itemsPerPage: (r.json as Json).itemsPerPage, Resources: idsOf(r.json).slice(0, 10) })), fix);
      const total = counter(r.json, 'totalResults');
      if (sweep.totalResults !== undefined && total !== sweep.totalResults) return outcome('warn', `count=0 reports totalResults ${String(total)}, paging reported ${sweep.totalResults}.`, evidenceOf(ctx, r), fix);
      return pass(`totalResults ${String(total)}, no resources.`, { request: r.request, status: r.status });
    },
  },
  {
    id: 'paging-max-results',
    title: 'A count above filter.maxResults is capped to it',
    reference: 'RFC 7644 §3.4.2.4; RFC 7643 §5',
    severity: 'warn',
    async run(ctx) {
      const spc = await spcReply(ctx);
      const max = readServiceProviderSupport(spc.json)?.maxResults;
      if (max === undefined) return skip('The tenant does not advertise filter.maxResults in /ServiceProviderConfig.', evidenceOf(ctx, spc, jsonFragment(ctx, isObj(spc.json) ? spc.json.filter : undefined)));
      if (max > 5000) return skip(`filter.maxResults is ${max}; too large to request here.`);
      const sweep = await runSweep(ctx);
      const r = await get(ctx, `/Users?startIndex=1&count=${max + 1}`);
      const fix = `Cap a page at filter.maxResults (${max}) or advertise the real cap in /ServiceProviderConfig.`;
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const n = resourcesOf(r.json).length;
      if (n > max) return outcome('warn', `Asked for ${max + 1}, got ${n} users although filter.maxResults is ${max}.`, evidenceOf(ctx, r, jsonFragment(ctx, { maxResults: max, itemsPerPage: (r.json as Json).itemsPerPage, returned: n })), fix);
      const total = sweep.totalResults ?? counter(r.json, 'totalResults') ?? 0;
      return pass(total > max ? `Returned ${n} ≤ maxResults ${max}.` : `Returned ${n} ≤ maxResults ${max} (the tenant has only ${total} users, so the cap was not exercised).`, { request: r.request, status: r.status });
    },
  },
];
