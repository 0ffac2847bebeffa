// Reading remote answers defensively: bodies that may not be JSON, schema failures summarised for an error
// message, and fetch failures described without their (possibly secret-bearing) request.
import type { z } from 'zod';

/** The parsed JSON, or undefined when the text is not JSON (error pages, empty bodies). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The first few schema issues as one line, for CRM_/PC_RESPONSE_INVALID messages. */
export function summariseIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** fetch() wraps the socket error in `cause`; both say what went wrong. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}
