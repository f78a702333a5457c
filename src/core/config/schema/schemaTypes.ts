/** The shape of an ajv ErrorObject as produced by the generated standalone validator. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
