// RFC 6902 JSON Patch, limited to what Partner Center accepts: only `replace` and `add` (patch-a-referral.md,
// remote-apis §1 "Update (PATCH)"). Paths are resolved against the referral model the way ASP.NET Core's JsonPatch
// does against a typed object: a known property may be replaced even while it is unset, an unknown one is
// "not found", and property names match case-insensitively.
import { invalidRequest } from './pc-errors.js';
import { fieldOf, readOnlyFields, referralModel, type FieldModel } from './referral-model.js';

export interface PatchOperation {
  readonly op: 'replace' | 'add';
  readonly path: string;
  readonly value: unknown;
}

const unsupportedOps = new Set(['remove', 'move', 'copy', 'test']);

/** Checks the document's shape; any operation but replace/add is refused up front, before anything changes. */
export function parsePatchDocument(body: unknown): PatchOperation[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw invalidRequest('The request body must be a JSON Patch document: a non-empty array of operations.');
  }
  return body.map((raw: unknown, index) => {
    const target = `[${index}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw invalidRequest(`Operation ${index} must be an object with 'op', 'path' and 'value'.`, target);
    }
    const { op, path } = raw as { op?: unknown; path?: unknown };
    if (typeof op !== 'string') throw invalidRequest(`Operation ${index} has no 'op'.`, `${target}.op`);
    if (op !== 'replace' && op !== 'add') {
      const what = unsupportedOps.has(op) ? 'is not supported' : 'is not a JSON Patch operation';
      throw invalidRequest(
        `The operation '${op}' ${what}; only 'replace' and 'add' are supported.`,
        `${target}.op`,
      );
    }
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw invalidRequest(
        `Operation ${index} needs a JSON Pointer 'path' starting with '/'.`,
        `${target}.path`,
      );
    }
    if (!Object.hasOwn(raw, 'value'))
      throw invalidRequest(`Operation ${index} has no 'value'.`, `${target}.value`);
    return { op, path, value: (raw as { value: unknown }).value };
  });
}

function segmentsOf(pointer: string): string[] {
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const notFound = (segment: string, path: string) =>
  invalidRequest(`The target location specified by path segment '${segment}' was not found.`, path);

type Container = Record<string, unknown> | unknown[];

/** Resolves a segment of an object against the model; returns the canonical property name. */
function propertyName(
  model: FieldModel | undefined,
  container: Record<string, unknown>,
  segment: string,
): string {
  if (model?.kind === 'object') {
    const name = Object.keys(model.fields).find((f) => f.toLowerCase() === segment.toLowerCase());
    if (name !== undefined) return name;
    return '';
  }
  // Inside an untyped ('json') value any member may be set, as in a dictionary.
  return Object.hasOwn(container, segment) || model?.kind === 'json' || model === undefined ? segment : '';
}

function applyOne(doc: Record<string, unknown>, operation: PatchOperation): void {
  const { op, path, value } = operation;
  const segments = segmentsOf(path);
  if (readOnlyFields.some((f) => f.toLowerCase() === segments[0]?.toLowerCase())) {
    throw invalidRequest(`'/${segments[0]}' is read-only.`, path);
  }
  let container: Container = doc;
  let model: FieldModel | undefined = referralModel;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    if (Array.isArray(container)) {
      const itemModel: FieldModel | undefined = model?.kind === 'collection' ? model.of : model;
      const append = segment === '-';
      const index = append ? container.length : /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : -1;
      const limit = op === 'add' && last ? container.length : container.length - 1;
      if (index < 0 || index > limit || (append && !(op === 'add' && last))) throw notFound(segment, path);
      if (last) {
        if (op === 'add') container.splice(index, 0, value);
        else container[index] = value;
        return;
      }
      container = descend(container[index], segment, path);
      model = itemModel;
      continue;
    }
    const name = propertyName(model, container, segment);
    if (name === '') throw notFound(segment, path);
    const childModel: FieldModel | undefined = model?.kind === 'object' ? fieldOf(model, name) : model;
    if (last) {
      container[name] = value;
      return;
    }
    container = descend(container[name], segment, path);
    model = childModel;
  }
}

function descend(value: unknown, segment: string, path: string): Container {
  if (typeof value !== 'object' || value === null) throw notFound(segment, path);
  return value as Container;
}

/** Applies the operations in order to a copy; the caller re-binds and validates the result. */
export function applyPatch(
  referral: Record<string, unknown>,
  operations: readonly PatchOperation[],
): Record<string, unknown> {
  const doc = structuredClone(referral);
  for (const operation of operations) applyOne(doc, operation);
  return doc;
}
