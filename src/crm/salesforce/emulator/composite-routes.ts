// The Composite resource: up to 25 subrequests (at most 5 of them queries or sObject Collections) run in
// order as one API call, each naming a referenceId that later subrequests use in their url or body as
// `@{ref.id}`, `@{ref.records[0].Id}`, `@{ref[0].id}`. With allOrNone the first failure (an error status, or a
// failed record of a collection) halts processing and rolls back everything: the failure keeps its error,
// every other subrequest answers 400 PROCESSING_HALTED. Without it, a subrequest that references a failed or
// unknown one answers 400 PROCESSING_HALTED and the rest go on. collateSubrequests is accepted and ignored
// (it only changes Salesforce's batching, never results here).
import type { SalesforceContext } from './context.js';
import { parseVersion } from './api-versions.js';
import type { ApiRequest, ApiResponse, RestRouter, RouteDef } from './rest-router.js';
import { badRequest, SfErrorCode, type SfError } from './sf-errors.js';

export const maxSubrequests = 25;
export const maxQueryOrCollectionSubrequests = 5;
const methods = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
const referencePattern = /@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)\}/g;
/** The same reference percent-encoded, as it appears inside an encoded query string (`%40%7Bref.id%7D`). */
const encodedReferencePattern = /%40%7B([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|%5B\d+%5D|\[\d+\])*)%7D/gi;

interface Subrequest {
  readonly method: string;
  readonly url: string;
  readonly referenceId: string;
  readonly body: unknown;
  readonly httpHeaders: Readonly<Record<string, string>>;
}

interface SubResult {
  body: unknown;
  httpHeaders: Readonly<Record<string, string>>;
  httpStatusCode: number;
  referenceId: string;
}

const halted = (message: string): ApiResponse => ({
  status: 400,
  body: [{ errorCode: SfErrorCode.processingHalted, message } satisfies SfError],
});

const rolledBackMessage =
  'The transaction was rolled back since another operation in the same transaction failed.';

function invalid(message: string) {
  return badRequest(SfErrorCode.jsonParser, message);
}

function parseSubrequests(body: unknown): { allOrNone: boolean; subrequests: Subrequest[] } {
  const b = body as { allOrNone?: unknown; collateSubrequests?: unknown; compositeRequest?: unknown } | null;
  if (!b || typeof b !== 'object' || !Array.isArray(b.compositeRequest)) {
    throw invalid("The request body needs a 'compositeRequest' array");
  }
  if (b.allOrNone !== undefined && typeof b.allOrNone !== 'boolean')
    throw invalid("'allOrNone' must be a boolean");
  if (b.collateSubrequests !== undefined && typeof b.collateSubrequests !== 'boolean') {
    throw invalid("'collateSubrequests' must be a boolean");
  }
  const list = b.compositeRequest as unknown[];
  if (list.length === 0) throw invalid('A composite request needs at least one subrequest');
  if (list.length > maxSubrequests) {
    throw badRequest(
      SfErrorCode.limitExceeded,
      `A composite request can have at most ${maxSubrequests} subrequests; this one has ${list.length}`,
    );
  }
  const seen = new Set<string>();
  const subrequests = list.map((item, index): Subrequest => {
    const s = (item ?? {}) as Record<string, unknown>;
    const { method, url, referenceId, body: subBody, httpHeaders } = s;
    if (typeof referenceId !== 'string' || !/^[A-Za-z0-9_]+$/.test(referenceId)) {
      throw invalid(
        `Subrequest ${index}: 'referenceId' is required and may hold only letters, digits and '_'`,
      );
    }
    if (seen.has(referenceId)) throw invalid(`Duplicate referenceId '${referenceId}'`);
    seen.add(referenceId);
    if (typeof method !== 'string' || !methods.has(method)) {
      throw invalid(`Subrequest '${referenceId}': 'method' must be one of ${[...methods].join(', ')}`);
    }
    if (typeof url !== 'string' || !url.startsWith('/services/data/')) {
      throw invalid(`Subrequest '${referenceId}': 'url' must start with /services/data/vXX.X/`);
    }
    const headers: Record<string, string> = {};
    if (httpHeaders !== undefined && httpHeaders !== null && typeof httpHeaders === 'object') {
      for (const [k, v] of Object.entries(httpHeaders))
        if (typeof v === 'string') headers[k.toLowerCase()] = v;
    }
    return { method, url, referenceId, body: subBody, httpHeaders: headers };
  });
  const heavy = subrequests.filter((s) => /\/(query|queryAll)(\/|\?|$)|\/composite\/sobjects/.test(s.url));
  if (heavy.length > maxQueryOrCollectionSubrequests) {
    throw badRequest(
      SfErrorCode.limitExceeded,
      `A composite request can have at most ${maxQueryOrCollectionSubrequests} query or sObject Collections subrequests; this one has ${heavy.length}`,
    );
  }
  return { allOrNone: b.allOrNone === true, subrequests };
}

/** A reference that cannot be resolved: its subrequest answers `response` instead of running. */
class ReferenceFailure extends Error {
  constructor(readonly response: ApiResponse) {
    super('reference');
  }
}

function lookupPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.match(/\.[A-Za-z0-9_]+|\[\d+\]/g) ?? []) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = part.startsWith('.') ? part.slice(1) : Number(part.slice(1, -1));
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Replaces @{ref.path} in a url, also where it is percent-encoded inside the query string. */
function resolveUrl(url: string, results: ReadonlyMap<string, ApiResponse>): string {
  const decoded = url.replace(encodedReferencePattern, (_m, ref: string, path: string) =>
    encodeURIComponent(
      String(resolveString(`@{${ref}${path.replace(/%5B/gi, '[').replace(/%5D/gi, ']')}}`, results)),
    ),
  );
  return String(resolveString(decoded, results));
}

/** Replaces @{ref.path} in a string; a string that is one whole reference takes the value's own type. */
function resolveString(text: string, results: ReadonlyMap<string, ApiResponse>): unknown {
  const resolve = (ref: string, path: string): unknown => {
    const result = results.get(ref);
    const expression = `${ref}${path}`;
    if (!result) {
      throw new ReferenceFailure(
        halted(
          `Invalid reference specified. No value for ${expression} found in ${ref}. Provided referenceId ('${ref}') is not defined by an earlier subrequest.`,
        ),
      );
    }
    if (result.status >= 400) {
      throw new ReferenceFailure(
        halted(
          `Invalid reference specified. No value for ${expression} found in ${ref}. Provided referenceId ('${ref}') refers to a subrequest which has failed.`,
        ),
      );
    }
    const value = lookupPath(result.body, path);
    if (value === undefined || (value !== null && typeof value === 'object')) {
      throw new ReferenceFailure(
        halted(`Invalid reference specified. No value for ${expression} found in ${ref}.`),
      );
    }
    return value;
  };
  const whole = new RegExp(`^${referencePattern.source}$`).exec(text);
  if (whole) return resolve(whole[1] ?? '', whole[2] ?? '');
  return text.replace(referencePattern, (_m, ref: string, path: string) => String(resolve(ref, path)));
}

function resolveDeep(value: unknown, results: ReadonlyMap<string, ApiResponse>): unknown {
  if (typeof value === 'string') return resolveString(value, results);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, results));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, results)]));
  }
  return value;
}

/** Whether a subrequest's answer counts as a failure for allOrNone (a collection with a failed record does). */
function failed(response: ApiResponse): boolean {
  if (response.status >= 400) return true;
  return (
    Array.isArray(response.body) &&
    response.body.some(
      (r) => r !== null && typeof r === 'object' && (r as { success?: unknown }).success === false,
    )
  );
}

function subrequestFor(
  outer: ApiRequest,
  sub: Subrequest,
  url: string,
  body: unknown,
): ApiRequest | ApiResponse {
  const parsed = new URL(url, 'http://composite.invalid');
  const parts = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const version = parseVersion(parts[2] ?? '');
  const segments = parts.slice(3);
  if (
    !version ||
    parts[0] !== 'services' ||
    parts[1] !== 'data' ||
    (segments[0] === 'composite' && segments.length === 1)
  ) {
    return {
      status: 404,
      body: [{ errorCode: SfErrorCode.notFound, message: 'The requested resource does not exist' }],
    };
  }
  return {
    method: sub.method,
    version,
    segments,
    query: parsed.searchParams,
    body,
    headers: sub.httpHeaders,
    user: outer.user,
    composite: { allOrNone: outer.composite?.allOrNone ?? false },
  };
}

export function compositeRoutes(ctx: SalesforceContext, router: () => RestRouter): RouteDef[] {
  return [
    {
      path: 'composite',
      methods: {
        POST: (request) => {
          const { allOrNone, subrequests } = parseSubrequests(request.body);
          const outer: ApiRequest = { ...request, composite: { allOrNone } };
          const responses = new Map<string, ApiResponse>();
          const results: SubResult[] = [];
          const tx = allOrNone ? ctx.store.begin() : undefined;
          let failedAt = -1;
          try {
            for (const [index, sub] of subrequests.entries()) {
              let response: ApiResponse;
              if (failedAt >= 0) response = halted(rolledBackMessage);
              else {
                try {
                  const url = resolveUrl(sub.url, responses);
                  const body = sub.body === undefined ? undefined : resolveDeep(sub.body, responses);
                  const subrequest = subrequestFor(outer, sub, url, body);
                  response = 'status' in subrequest ? subrequest : router().dispatch(subrequest);
                } catch (error) {
                  if (!(error instanceof ReferenceFailure)) throw error;
                  response = error.response;
                }
                if (allOrNone && failed(response)) failedAt = index;
              }
              responses.set(sub.referenceId, response);
              results.push({
                body: response.body ?? null,
                httpHeaders: response.headers ?? {},
                httpStatusCode: response.status,
                referenceId: sub.referenceId,
              });
            }
          } catch (error) {
            tx?.rollback();
            throw error;
          }
          if (tx && failedAt >= 0) {
            tx.rollback();
            const halt = halted(rolledBackMessage);
            for (const [index, result] of results.entries()) {
              if (index === failedAt) continue;
              result.body = halt.body;
              result.httpHeaders = {};
              result.httpStatusCode = halt.status;
            }
          } else tx?.commit();
          return { status: 200, body: { compositeResponse: results } };
        },
      },
    },
  ];
}
