// The REST API as a synchronous dispatcher over path patterns: the HTTP route (server.ts) and the composite
// resource (composite-routes.ts) call the same handlers, so a composite subrequest behaves exactly like the
// call it stands for and a whole composite request runs without other requests interleaving (which is what
// lets allOrNone roll back cleanly). Unknown paths are 404 NOT_FOUND, known paths with another method 405.
import { MultipleMatches } from './dml.js';
import { recordUrl } from './render.js';
import { notFound, sfError, SfErrorCode, SfHttpError } from './sf-errors.js';
import type { UserAccount } from './users.js';

export interface ApiRequest {
  readonly method: string;
  /** `60.0` */
  readonly version: string;
  /** Decoded path segments after /services/data/vXX.X/. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly user: UserAccount;
  /** Inside a composite request (nested composites are refused; outer allOrNone applies). */
  readonly composite: { readonly allOrNone: boolean } | undefined;
}

export interface ApiResponse {
  readonly status: number;
  /** undefined: no body (204). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (request: ApiRequest, params: readonly string[]) => ApiResponse;

export interface RouteDef {
  /** Segments; `:name` matches any one segment and passes it to the handler in order. */
  readonly path: string;
  readonly methods: Readonly<Partial<Record<'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', Handler>>>;
}

interface CompiledRoute {
  readonly segments: readonly string[];
  readonly methods: RouteDef['methods'];
}

export class RestRouter {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly RouteDef[]) {
    this.#routes = routes.map((r) => ({ segments: r.path.split('/').filter(Boolean), methods: r.methods }));
  }

  #match(segments: readonly string[]): { route: CompiledRoute; params: string[] } | undefined {
    for (const route of this.#routes) {
      if (route.segments.length !== segments.length) continue;
      const params: string[] = [];
      let ok = true;
      for (const [i, pattern] of route.segments.entries()) {
        const actual = segments[i] ?? '';
        if (pattern.startsWith(':')) params.push(actual);
        else if (pattern !== actual) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  /** Runs the request; Salesforce errors become their status and error array, never an exception. */
  dispatch(request: ApiRequest): ApiResponse {
    try {
      const matched = this.#match(request.segments);
      if (!matched) throw notFound();
      const handler = matched.route.methods[request.method as keyof RouteDef['methods']];
      if (!handler) {
        const allowed = Object.keys(matched.route.methods).join(',');
        throw new SfHttpError(
          405,
          [
            {
              errorCode: SfErrorCode.methodNotAllowed,
              message: `HTTP Method '${request.method}' not allowed. Allowed are ${allowed}`,
            },
          ],
          { Allow: allowed },
        );
      }
      return handler(request, matched.params);
    } catch (error) {
      if (error instanceof SfHttpError)
        return { status: error.status, body: error.errors, headers: error.headers };
      if (error instanceof MultipleMatches) {
        const object = request.segments[1] ?? '';
        return { status: 300, body: error.ids.map((id) => recordUrl(request.version, object, id)) };
      }
      throw error;
    }
  }
}

/** A required query parameter, or MISSING_ARGUMENT. */
export function requiredParam(request: ApiRequest, name: string): string {
  const value = request.query.get(name);
  if (value === null || value === '')
    throw sfError(400, SfErrorCode.missingArgument, `${name} not specified`);
  return value;
}
