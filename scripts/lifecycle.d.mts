// Types for scripts/lifecycle.mjs (used from the TypeScript UI and script tests).
import type { ChildProcess, SpawnOptions } from 'node:child_process';

export interface Tracked { name: string; pid: number | undefined; critical: boolean; code: number | string | undefined; exited: Promise<number | string | null> }
export function procStat(pid: number): { state: string; ppid: number; pgid: number; start: string } | undefined;
export function isAlive(pid: number, start?: string): boolean;
export function descendants(root?: number): Array<{ pid: number; start: string; pgid: number }>;
export function isShuttingDown(): boolean;
export function track(child: ChildProcess, o?: { name?: string; critical?: boolean; detail?: () => string }): Tracked;
export function spawnTracked(cmd: string, args: string[], o?: SpawnOptions & { name?: string; critical?: boolean; detail?: () => string }): ChildProcess & { tracked: Tracked };
export function stopTracked(entry: Tracked, graceMs?: number): Promise<void>;
export function runStep(cmd: string, args: string[], o?: SpawnOptions & { what?: string }): Promise<void>;
export function runCapture(cmd: string, args: string[], o?: SpawnOptions & { name?: string }): Promise<{ code: number | string | null; stdout: string; stderr: string }>;
export function tempDir(prefix: string): string;
export function removeTempDir(dir: string): void;
export function onShutdown(fn: () => unknown): () => void;
export function shutdown(code?: number, why?: unknown): Promise<never>;
export function installExitHandlers(o?: { log?: (s: string) => void; onUnexpectedExit?: (entry: Tracked, code: unknown) => void }): void;
