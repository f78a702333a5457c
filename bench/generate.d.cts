import type { GeneratedConfig, generatedConfig } from '../test/support/configs.cjs';
declare const generateConfig: typeof generatedConfig;
declare const SIZES: { typical: number; large: number; huge: number };
export { GeneratedConfig, generateConfig, SIZES };
