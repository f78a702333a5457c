// assignment-username (an email address), assignment-duplicate (case-insensitive; on the later one).
import { deleteLines } from '../yaml/edits';
import { isEmail } from '../../shared/text';
import type { Fix } from '../types';
import { isObject, loc, valueRange } from './context';
import type { Rule } from './context';
import { quoteForMessage } from '../../shared/secrets';

export const assignments: Rule = (ctx) => {
  const list = ctx.value.assignments;
  if (!Array.isArray(list)) return;
  const seen = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (!isObject(item)) continue;
    const u = item.userName;
    if (typeof u !== 'string') continue; // schema-required / schema-type
    const path = ['assignments', i, 'userName'];
    if (!isEmail(u.trim())) {
      ctx.report('assignment-username', `Assignment username '${quoteForMessage(u)}' is not an email address: use the person's email (e.g. jane@example.com).`,
        valueRange(ctx, path), [],
        { detail: ctx.requirements.userNameIsEmail?.reason ?? `${ctx.idp.matching.matcher} matches tenant users by ${ctx.idp.matching.rule}, so usernames are email addresses.` });
      continue;
    }
    const key = u.trim().toLowerCase();
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    const fixes: Fix[] = [];
    const itemNode = loc(ctx, ['assignments', i])?.node;
    const r = itemNode?.range;
    if (r) {
      // The item starts at its '- ' marker; only delete when it occupies whole lines of its own.
      const lineStart = ctx.text.lastIndexOf('\n', r[0] - 1) + 1;
      if (/^\s*-\s*$/.test(ctx.text.slice(lineStart, r[0]))) {
        fixes.push({ title: `Remove the duplicate assignment of '${quoteForMessage(u)}'`, edits: [deleteLines(ctx, lineStart, r[1])] });
      }
    }
    ctx.report('assignment-duplicate', `'${quoteForMessage(u)}' is already assigned in assignments[${first}]: remove this duplicate.`,
      valueRange(ctx, path), fixes, { detail: 'Usernames are compared case-insensitively, as the identity provider does.' });
  }
};
