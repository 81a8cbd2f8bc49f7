// The OpenAPI 3.1 document of the REST routes, generated from their zod schemas with zod 4's
// `z.toJSONSchema`. Each schema's own `$defs` (recursive condition trees) are hoisted into
// `components.schemas` so references resolve from the document root.
import { AppErrorDataSchema } from '@precept/schema';
import { z } from 'zod';
import { HTTP_STATUS_OF } from '../trpc/error-codes.js';
import { DEV_ACTOR_HEADER } from '../trpc/context.js';
import { REST_ROUTES } from './rest-routes.js';

type Json = Record<string, unknown>;

function rewriteRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, prefix));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      out.$ref =
        child === '#'
          ? `#/components/schemas/${prefix}`
          : child.replace(/^#\/\$defs\//, `#/components/schemas/${prefix}_`);
    } else {
      out[key] = rewriteRefs(child, prefix);
    }
  }
  return out;
}

/** Adds `schema` to `components` under `name` and returns a reference to it. */
function component(components: Json, name: string, schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    cycles: 'ref',
    reused: 'inline',
  }) as Json;
  const {
    $defs,
    $schema: _schema,
    ...rest
  } = json as Json & { $defs?: Record<string, unknown>; $schema?: unknown };
  for (const [defName, def] of Object.entries($defs ?? {})) {
    components[`${name}_${defName}`] = rewriteRefs(def, name);
  }
  components[name] = rewriteRefs(rest, name);
  return { $ref: `#/components/schemas/${name}` };
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Builds the OpenAPI document (once per process; it depends only on the code). */
export function buildOpenApiDocument(serverVersion: string): Json {
  const components: Json = {};
  const errorRef = component(components, 'Error', z.object({ error: AppErrorDataSchema }), 'output');
  const paths: Record<string, Json> = {};
  for (const route of REST_ROUTES) {
    const name = capitalize(route.operationId);
    const parameters: Json[] = [];
    if (route.path.includes('{policyKey}')) {
      parameters.push({ name: 'policyKey', in: 'path', required: true, schema: { type: 'string' } });
    }
    for (const [param, spec] of Object.entries(route.query ?? {})) {
      parameters.push({
        name: param,
        in: 'query',
        required: spec.required,
        description: spec.description,
        schema: { type: 'string' },
      });
    }
    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      parameters,
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': {
              schema: component(components, `${name}Response`, route.response, 'output'),
            },
          },
        },
        ...(route.method === 'GET'
          ? { '304': { description: 'Not modified (If-None-Match matched the ETag)' } }
          : {}),
        ...Object.fromEntries(
          Object.entries(HTTP_STATUS_OF)
            .filter(([code]) => code !== 'INTERNAL')
            .map(([code, status]) => [
              String(status),
              { description: code, content: { 'application/json': { schema: errorRef } } },
            ]),
        ),
        '500': {
          description: 'INTERNAL (the message carries an error id)',
          content: { 'application/json': { schema: errorRef } },
        },
      },
    };
    if (route.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: {
          'application/json': { schema: component(components, `${name}Request`, route.body, 'input') },
        },
      };
    }
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Precept policy engine',
      version: serverVersion,
      description: `Evaluation API of Precept. Errors are { error: { code, message, issues?, errorId? } }; issue paths are JSON paths. Authenticate with an API key from an administrator: \`Authorization: Bearer pk_…\` or \`x-api-key: pk_…\` (scope \`evaluate\` for evaluation and reports, \`bundles\` for bundles). The ${DEV_ACTOR_HEADER} header counts only on a development server started with PRECEPT_DEV_AUTH=1.`,
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'An API key, pk_<id>_<secret>',
        },
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key (pk_…) or a session token' },
      },
    },
    security: [{ apiKey: [] }, { bearer: [] }],
  };
}
