// Read-only checks of what users carry: the attributes and excludedAttributes parameters, and the
// sign-in attributes a target that signs people in by email needs.
import { userProblems } from '../../tenant/userProblems';
import { evidenceOf, isObj, jsonFragment, outcome, pass, skip } from '../helpers';
import { runSweep } from '../sweep';
import type { ConformanceCheck } from '../types';
import { isTargetId, requirementsFor } from '../../targets/registry';
import { resourcesOf } from '../../scim/serviceProvider';
import { get, notList } from './reads';

export const attributeChecks: ConformanceCheck[] = [
  {
    id: 'attributes-param',
    title: 'attributes=userName returns only id and userName',
    reference: 'RFC 7644 §3.4.2.5; Entra validator',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/Users?startIndex=1&count=1&attributes=userName');
      const fix = 'Honour the attributes parameter: return id (always returned) and the listed attributes only (RFC 7644 §3.4.2.5).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const u = resourcesOf(r.json)[0];
      if (u === undefined) return skip('The tenant has no users to inspect.', { request: r.request, status: r.status });
      if (!isObj(u) || typeof u.userName !== 'string' || typeof u.id !== 'string') return outcome('warn', 'The user lacks id or userName.', evidenceOf(ctx, r, jsonFragment(ctx, u)), fix);
      const extra = ['name', 'emails', 'displayName', 'active', 'timezone', 'phoneNumbers'].filter((k) => u[k] !== undefined);
      if (extra.length) return outcome('warn', `Also returned ${extra.join(', ')}.`, evidenceOf(ctx, r, jsonFragment(ctx, u)), fix);
      return pass('Only id and userName returned.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'excluded-attributes-param',
    title: 'excludedAttributes=emails leaves emails out',
    reference: 'RFC 7644 §3.4.2.5; Entra validator',
    severity: 'warn',
    async run(ctx) {
      const r = await get(ctx, '/Users?startIndex=1&count=1&excludedAttributes=emails');
      const fix = 'Honour the excludedAttributes parameter (RFC 7644 §3.4.2.5).';
      const bad = notList(ctx, r, 'warn', fix);
      if (bad) return bad;
      const u = resourcesOf(r.json)[0];
      if (u === undefined) return skip('The tenant has no users to inspect.', { request: r.request, status: r.status });
      if (!isObj(u) || typeof u.userName !== 'string') return outcome('warn', 'The user lacks userName.', evidenceOf(ctx, r, jsonFragment(ctx, u)), fix);
      if (u.emails !== undefined) return outcome('warn', 'emails was returned anyway.', evidenceOf(ctx, r, jsonFragment(ctx, { id: u.id, emails: u.emails })), fix);
      return pass('emails left out, userName kept.', { request: r.request, status: r.status });
    },
  },
  {
    id: 'user-sign-in-attributes',
    title: 'Users have userName = primary email and an IANA time zone',
    reference: 'Flosum setup guide (sign-in by email; IANA timezone)',
    severity: 'warn',
    async run(ctx) {
      const sweep = await runSweep(ctx);
      // A target that signs people in by email (Flosum) fails on them; elsewhere they are a warning.
      const signsInByEmail = isTargetId(ctx.target) && requirementsFor(ctx.target).userNameIsEmail !== undefined;
      const severity = signsInByEmail ? 'fail' : 'warn';
      const bad = sweep.users.map((u) => ({ u, problems: userProblems(u) })).filter((x) => x.problems.length);
      const scope = sweep.truncated ? `the first ${sweep.users.length} users (sampled)` : `${sweep.users.length} users`;
      if (!sweep.users.length) return skip('No users to inspect.');
      if (bad.length) {
        const shown = bad.slice(0, 5).map((x) => `${typeof x.u.userName === 'string' ? x.u.userName : x.u.id}: ${x.problems.join('; ')}`).join(' | ');
        return outcome(severity, `${bad.length} of ${scope} ${bad.length === 1 ? 'has' : 'have'} a userName that is not the primary email or a time zone that is not IANA.`,
          { request: sweep.pages[0]?.reply.request ?? 'GET /Users', status: 200, fragment: shown.slice(0, 300) },
          signsInByEmail
            ? 'Map userName to user.email in the identity provider and give every user an IANA time zone (e.g. Etc/UTC), then re-push the users.'
            : 'Keep userName equal to the primary email and timezone an IANA name (RFC 7643 §4.1.1) where the application signs people in by email.');
      }
      return pass(`All ${scope} pass.`);
    },
  },
];
