// The catalogue's validator compiler: TypeBox's compiled checks, strict (unknown fields are refused, never
// silently dropped), query and path values converted from strings, and one clear error per request in the shape
// the app's error handler reads (instancePath + message, like Ajv).
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

interface TbError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** Marks a documented body (e.g. multipart/form-data) that the route parses itself. */
export const PARSED_BY_HANDLER = 'x-parsed-by-handler';

export function normalizeErrors(errors: readonly TbError[]): TbError[] {
  const useful = errors.filter((e) => e.keyword !== 'boolean');
  const extra = useful.find((e) => e.keyword === 'additionalProperties');
  if (extra) {
    const names = (extra.params.additionalProperties as string[] | undefined) ?? [];
    return [
      {
        keyword: 'additionalProperties',
        instancePath: `${extra.instancePath}/${names[0] ?? ''}`,
        params: { additionalProperty: names[0] },
        message: 'is not a known field',
      },
    ];
  }
  const required = useful.find((e) => e.keyword === 'required');
  if (required) {
    const names = (required.params.requiredProperties as string[] | undefined) ?? [];
    return [
      {
        keyword: 'required',
        instancePath: `${required.instancePath}/${names[0] ?? ''}`,
        params: { missingProperty: names[0] },
        message: 'is required',
      },
    ];
  }
  const first = useful.find((e) => e.keyword !== 'anyOf') ?? useful[0];
  return first ? [first] : [{ keyword: 'invalid', instancePath: '', params: {}, message: 'is invalid' }];
}

export const catalogueValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  if ((schema as Record<string, unknown>)[PARSED_BY_HANDLER]) return () => true;
  const check = Compile(schema);
  return (value: unknown) => {
    // A missing body is an empty object: optional-only bodies pass, required fields are named.
    const converted = httpPart === 'body' ? (value ?? {}) : Value.Convert(schema, value);
    if (check.Check(converted)) return { value: converted };
    const errors = normalizeErrors(check.Errors(converted) as unknown as TbError[]);
    return { error: errors as never };
  };
};
