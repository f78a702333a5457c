import type { SchemaError } from '../schema-types';
declare const validate: ((data: unknown) => boolean) & { errors?: SchemaError[] | null };
export = validate;
