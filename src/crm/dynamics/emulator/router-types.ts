// A Web API request once it passed the gate, and its answer: the same shapes for a plain HTTP request and for
// a request inside a $batch, so both run through one dispatcher (router.ts).
import type { UserAccount } from './security.js';
import type { ContentIdRefs } from './writes.js';

export interface ApiRequest {
  readonly method: string;
  /** Path segments after /api/data/v9.2/, percent-decoded. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  readonly user: UserAccount;
  /** Inside a $batch change set: the rows earlier requests created, by Content-ID. */
  readonly refs?: ContentIdRefs;
}

export interface ApiAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body; undefined for 204. */
  readonly body?: unknown;
  /** The row a create or upsert wrote (for Content-ID references). */
  readonly created?: { readonly id: string; readonly entity: string };
}
