// The read-only checks in the order they run (each group's file holds its checks, as eslint's
// lib/rules/ holds one rule per file); the write checks (./write.ts) and the checks over every answer
// (./responses.ts) run after them.
import { attributeChecks } from './attributes';
import { discoveryChecks } from './discovery';
import { pagingChecks } from './paging';
import type { ConformanceCheck } from '../types';
import { userChecks } from './users';

export const readChecks: readonly ConformanceCheck[] = [...userChecks, ...pagingChecks, ...discoveryChecks, ...attributeChecks];
