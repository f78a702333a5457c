interface GeneratedConfig { text: string; errorLines: number[]; lines: number }
declare function generateConfig(assignments: number, options?: { errors?: boolean }): GeneratedConfig;
declare const SIZES: { typical: number; large: number; huge: number };
export { GeneratedConfig, generateConfig, SIZES };
