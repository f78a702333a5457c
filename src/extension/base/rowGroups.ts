// Long lists in a tree (a tenant's users, a reconcile category) are shown in ranges of 1,000 rows,
// so that expanding a node never hands the view tens of thousands of items at once.

/** Rows per range once a list is longer than that. */
export const GROUP_SIZE = 1000;

/** The ranges [from, to) that cover rows from..to, GROUP_SIZE each (the last one shorter). */
export function rowRanges(from: number, to: number): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let at = from; at < to; at += GROUP_SIZE) out.push({ from: at, to: Math.min(to, at + GROUP_SIZE) });
  return out;
}

/** The range a row falls in, in a list of `total` rows. */
export function rangeOf(row: number, total: number): { from: number; to: number } {
  const from = Math.floor(row / GROUP_SIZE) * GROUP_SIZE;
  return { from, to: Math.min(total, from + GROUP_SIZE) };
}
