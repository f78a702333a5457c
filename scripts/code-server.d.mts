// Types for scripts/code-server.mjs (used from the TypeScript UI tests).
import type { BrowserContext, Page } from 'playwright-core';

export const ROOT: string;
export const CODE_SERVER_VERSION: string;
export const CHROMIUM: string;
export const EXTENSION_ID: string;
export const CHROMIUM_ARGS: string[];
export const DEFAULT_SETTINGS: Record<string, unknown>;
export function codeServerEntry(): string | undefined;
export function provisionEditor(): Promise<string>;
export function freePort(preferred?: number): Promise<number>;
export interface StartOptions {
  folder?: string;
  port?: number;
  workspaceTrust?: boolean;
  settings?: Record<string, unknown>;
  vsix?: string;
  extensionCopyFrom?: string;
  quiet?: boolean;
  keepDir?: boolean;
  onOutput?: (s: string) => void;
  /** Called with the server's PID the moment it is spawned (before it is ready). */
  onSpawn?: (pid: number) => void;
  /** Default true: the server exiting before stop() stops everything (scripts/lifecycle.mjs). */
  critical?: boolean;
}
export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  baseDir: string;
  userDataDir: string;
  extensionsDir: string;
  stop(): Promise<void>;
  exited: Promise<number | null>;
  getLog(): string;
}
export function startCodeServer(o?: StartOptions): Promise<CodeServer>;
export function copyExtension(projectDir: string, extensionsDir: string): string;
export function packageVsix(o?: { log?: (s: string) => void }): Promise<string | undefined>;
export function extensionInstallOptions(o?: { log?: (s: string) => void }): Promise<{ vsix?: string; extensionCopyFrom?: string }>;
export function launchChromium(o?: { headless?: boolean; viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;
export function remoteUri(port: number, absPath: string): string;
export function makeWorkspace(o?: { prefix?: string; dir?: string }): string;
export interface Tenant { baseUrl: string; token: string; pid: number; stop(): Promise<void>; exited: Promise<number | string | null> }
export function startTenant(o?: { users?: number; token?: string; stdio?: 'inherit' | 'pipe'; critical?: boolean }): Promise<Tenant>;
