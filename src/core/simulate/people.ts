// The people of a config text for simulate's editor side: the parsed config and each assignment
// with where its item starts (for the CodeLens above it). Tolerant: a file that does not parse has
// no people here (the diagnostics say why).
import { isSeq } from 'yaml';
import { parseConfig } from '../config/yaml/parse';
import { locate, nodeRange } from '../config/yaml/yamlNav';
import type { Assignment } from '../idp/types';
import { assignmentItemsOf, assignmentOf } from '../config/model';

export interface LocatedAssignment {
  assignment: Assignment;
  /** Offset of the item (its first key, after the `- `). */
  start: number;
}

export interface ConfigPeople {
  /** The config as a plain value (undefined when it could not be read). */
  config: unknown;
  people: LocatedAssignment[];
  /** True when the YAML has errors: requests computed from it may not be what the file means. */
  broken: boolean;
}

/** Above this many assignments only the first are located (a CodeLens each). */
export const MAX_LOCATED = 2000;

export function configPeople(text: string, max = MAX_LOCATED): ConfigPeople {
  const parsed = parseConfig(text);
  const broken = !parsed.usable || parsed.findings.some((f) => f.severity === 'error');
  const people: LocatedAssignment[] = [];
  const seq = parsed.doc ? locate(parsed.doc, ['assignments'])?.node : undefined;
  const values = assignmentItemsOf(parsed.value);
  if (isSeq(seq)) {
    for (let i = 0; i < seq.items.length && people.length < max; i++) {
      const a = assignmentOf(values[i]);
      const range = nodeRange(seq.items[i]);
      if (a && range) people.push({ assignment: a, start: range[0] });
    }
  }
  return { config: parsed.value, people, broken };
}

/** The assignment with this userName (case-insensitive), if the config has one. */
export function personNamed(people: readonly LocatedAssignment[], userName: string): LocatedAssignment | undefined {
  const want = userName.trim().toLowerCase();
  return people.find((p) => p.assignment.userName.toLowerCase() === want);
}
