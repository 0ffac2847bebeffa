// Evaluates a parsed $filter (odata-filter.ts) against one referral. Semantics: a missing value is null;
// `eq null` matches it, every ordering comparison with null is false; date-times compare as instants with
// 100-ns precision; strings compare ordinally.
import { compareInstants, parseInstant } from './clock.js';
import type { FilterNode, Scalar } from './odata-filter.js';

type Env = ReadonlyMap<string, unknown>;

function resolvePath(node: Extract<FilterNode, { kind: 'path' }>, item: unknown, env: Env): unknown {
  let value: unknown = node.root === undefined ? item : env.get(node.root);
  for (const segment of node.segments) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[segment];
  }
  return value ?? null;
}

function scalar(node: FilterNode, item: unknown, env: Env): Scalar {
  if (node.kind === 'literal') return node.value;
  if (node.kind !== 'path') return evaluateNode(node, item, env);
  const raw = resolvePath(node, item, env);
  if (raw === null) return null;
  switch (node.type) {
    case 'datetime':
      return typeof raw === 'string' ? (parseInstant(raw) ?? null) : null;
    case 'number':
      return typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))
          ? Number(raw)
          : null;
    case 'string':
      return typeof raw === 'string' ? raw : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    default:
      return null;
  }
}

function compare(a: Exclude<Scalar, null>, b: Exclude<Scalar, null>): number {
  if (typeof a === 'object' && typeof b === 'object') return compareInstants(a, b);
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0; // mixed types cannot meet: the parser refuses them
}

function evaluateNode(node: FilterNode, item: unknown, env: Env): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateNode(node.left, item, env) && evaluateNode(node.right, item, env);
    case 'or':
      return evaluateNode(node.left, item, env) || evaluateNode(node.right, item, env);
    case 'not':
      return !evaluateNode(node.operand, item, env);
    case 'literal':
      return node.value === true;
    case 'path':
      return resolvePath(node, item, env) === true;
    case 'lambda': {
      const items = resolvePath(node.collection as Extract<FilterNode, { kind: 'path' }>, item, env);
      const list = Array.isArray(items) ? items : [];
      if (node.body === undefined || node.variable === undefined) return list.length > 0;
      const body = node.body;
      const variable = node.variable;
      const test = (element: unknown) => evaluateNode(body, item, new Map(env).set(variable, element));
      return node.fn === 'any' ? list.some(test) : list.every(test);
    }
    case 'compare': {
      const a = scalar(node.left, item, env);
      const b = scalar(node.right, item, env);
      if (a === null || b === null) {
        const bothNull = a === null && b === null;
        return node.op === 'eq' ? bothNull : node.op === 'ne' ? !bothNull : false;
      }
      const c = compare(a, b);
      switch (node.op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'gt':
          return c > 0;
        case 'ge':
          return c >= 0;
        case 'lt':
          return c < 0;
        case 'le':
          return c <= 0;
      }
    }
  }
}

export function evaluateFilter(node: FilterNode, item: unknown): boolean {
  return evaluateNode(node, item, new Map());
}

/**
 * Whether the filter pins an engagement (`engagementId eq '…'`). Only then does the list include
 * Microsoft's related referrals, as `links.relatedReferrals` promises (docs/remote-apis.md §1 "Related referrals").
 */
export function pinsEngagement(node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return pinsEngagement(node.left) || pinsEngagement(node.right);
    case 'compare': {
      if (node.op !== 'eq') return false;
      const isEngagement = (n: FilterNode) =>
        n.kind === 'path' && n.root === undefined && n.segments.join('/') === 'engagementId';
      return (
        (isEngagement(node.left) && node.right.kind === 'literal') ||
        (isEngagement(node.right) && node.left.kind === 'literal')
      );
    }
    default:
      return false;
  }
}
