// Checks over every answer seen in the run, run last: content type and SCIM Error bodies.
import { evidenceOf, outcome, pass, scimErrorProblem, skip } from '../helpers';
import { ERROR_SCHEMA } from '../../scim/schemas';
import type { Reply } from '../../scim/rawTransport';
import type { ConformanceCheck } from '../types';
/** The content-type check runs last, over every answer seen during the run. */
export const contentTypeCheck: ConformanceCheck = {
  id: 'content-type',
  title: 'Responses use Content-Type application/scim+json',
  reference: 'RFC 7644 §3.1, §8.1',
  severity: 'warn',
  run(ctx) {
    const seen = (ctx.state.replies as Reply[] | undefined ?? []).filter((r) => r.status !== undefined && r.headersKnown && r.text.trim());
    if (!seen.length) return Promise.resolve(skip('No response with a body was seen.'));
    const wrong = seen.filter((r) => !/^application\/scim\+json\b/i.test(r.headers['content-type'] ?? ''));
    const first = wrong[0];
    if (first) {
      return Promise.resolve(outcome('warn', `${wrong.length} of ${seen.length} responses with a body had another Content-Type (first: ${first.headers['content-type'] ?? 'none'}).`,
        { request: first.request, ...(first.status !== undefined ? { status: first.status } : {}), fragment: `Content-Type: ${first.headers['content-type'] ?? '(none)'}` },
        'Send `Content-Type: application/scim+json` on every SCIM response, errors included (RFC 7644 §8.1).'));
    }
    return Promise.resolve(pass(`All ${seen.length} responses with a body were application/scim+json.`));
  },
};

/**
 * Error answers are SCIM Errors in JSON (RFC 7644 §3.12), judged over every error answer seen in
 * the run (429s excepted: those come from rate limiters, and are waited out, not judged).
 */
export const errorBodyCheck: ConformanceCheck = {
  id: 'error-bodies-json',
  title: 'Error responses carry a SCIM Error in JSON',
  reference: 'RFC 7644 §3.12',
  severity: 'warn',
  run(ctx) {
    const seen = (ctx.state.replies as Reply[] | undefined ?? []).filter((r) => r.status !== undefined && r.status >= 400 && r.status !== 429 && r.bodyKnown);
    if (!seen.length) return Promise.resolve(skip('No error response was seen.'));
    const bad = seen.map((r) => ({ r, p: scimErrorProblem(r, r.status ?? 0) })).filter((x) => x.p?.severity === 'fail');
    const first = bad[0];
    if (first) {
      const what = (first.p?.message ?? '').replace(/^the error body is /, '').replace(/^the error body's/, 'its');
      return Promise.resolve(outcome('warn', `${bad.length} of ${seen.length} error responses were not a SCIM Error in JSON (first: ${first.r.request} → ${String(first.r.status)}, ${what}).`,
        evidenceOf(ctx, first.r), `Answer every error with a JSON body like {"schemas":["${ERROR_SCHEMA}"],"status":"404","detail":"…"} and Content-Type application/scim+json (RFC 7644 §3.12).`));
    }
    return Promise.resolve(pass(`All ${seen.length} error responses were SCIM Errors in JSON.`));
  },
};

