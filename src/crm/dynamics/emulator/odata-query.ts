// The system query options of a Web API GET: $select, $filter, $orderby, $top, $expand (single-valued
// navigation properties with a nested $select; collection-valued ones with $select, $filter, $orderby and $top),
// $count, plus the paging and delta tokens the emulator hands out itself. Unknown options, and OData options
// Dataverse does not support ($skip, $search, $apply …), are refused with 0x80060888 rather than ignored, so a
// client finds its mistake at once.
import { queryError } from './dv-errors.js';
import {
  collectionNavigations,
  navigations,
  type CollectionNavigationDef,
  type ColumnDef,
  type EntityDef,
  type NavigationDef,
} from './metadata-types.js';
import { TokenStream, type Token } from './odata-lexer.js';
import { parseFilter, resolveProperty, unknownProperty, type FilterNode } from './odata-filter.js';

export interface OrderKey {
  readonly column: ColumnDef;
  readonly descending: boolean;
}

export type ExpandItem =
  | {
      readonly kind: 'single';
      readonly navigation: NavigationDef;
      /** Columns of the related row; undefined: all. */
      readonly select: readonly ColumnDef[] | undefined;
    }
  | {
      readonly kind: 'collection';
      readonly navigation: CollectionNavigationDef;
      readonly select: readonly ColumnDef[] | undefined;
      readonly filter: FilterNode | undefined;
      readonly orderBy: readonly OrderKey[];
      readonly top: number | undefined;
    };

export interface ParsedQuery {
  readonly select: readonly ColumnDef[] | undefined;
  readonly filter: FilterNode | undefined;
  readonly orderBy: readonly OrderKey[];
  readonly top: number | undefined;
  readonly expand: readonly ExpandItem[];
  readonly count: boolean;
  readonly skipToken: string | undefined;
  readonly deltaToken: string | undefined;
}

const unsupported = new Set([
  '$skip',
  '$search',
  '$apply',
  '$format',
  '$compute',
  '$levels',
  '$index',
  '$schemaversion',
]);
const known = new Set([
  '$select',
  '$filter',
  '$orderby',
  '$top',
  '$expand',
  '$count',
  '$skiptoken',
  '$deltatoken',
]);

function parseSelect(entity: EntityDef, source: string, option = '$select'): ColumnDef[] {
  const s = new TokenStream(option, source);
  const out: ColumnDef[] = [];
  do {
    const token = s.expect('ident', 'a property name');
    const column = resolveProperty(entity, token.text);
    if (!column) throw unknownProperty(entity, token.text);
    if (!out.includes(column)) out.push(column);
  } while (s.peek().kind === 'comma' && s.take());
  s.expect('eof', "',' or the end");
  return out;
}

function parseOrderBy(entity: EntityDef, source: string): OrderKey[] {
  const s = new TokenStream('$orderby', source);
  const out: OrderKey[] = [];
  do {
    const token = s.expect('ident', 'a property name');
    const column = resolveProperty(entity, token.text);
    if (!column) throw unknownProperty(entity, token.text);
    let descending = false;
    if (s.isWord('asc') || s.isWord('desc')) descending = s.take().text === 'desc';
    out.push({ column, descending });
  } while (s.peek().kind === 'comma' && s.take());
  s.expect('eof', "',' or the end");
  return out;
}

/** The text of a nested option's value: up to the `;` or `)` that ends it (not one inside parentheses). */
function optionText(s: TokenStream): string {
  const first = s.peek();
  let depth = 0;
  let last: Token | undefined;
  for (;;) {
    const token = s.peek();
    if (token.kind === 'eof') break;
    if (depth === 0 && (token.kind === 'semicolon' || token.kind === 'rparen')) break;
    if (token.kind === 'lparen') depth++;
    if (token.kind === 'rparen') depth--;
    last = s.take();
  }
  if (!last) throw s.error(first, 'expected a value');
  return s.source.slice(first.pos, last.pos + last.text.length);
}

/** `nav($select=a,b;$filter=…)`: the options of one expanded navigation property, by name. */
function nestedOptions(s: TokenStream): Map<string, string> {
  const options = new Map<string, string>();
  if (s.peek().kind !== 'lparen') return options;
  s.take();
  do {
    const option = s.expect('ident', 'a query option');
    s.expect('equals', "'='");
    if (options.has(option.text)) {
      throw queryError(
        `Query option '${option.text}' was specified more than once, but it must be specified at most once.`,
      );
    }
    options.set(option.text, optionText(s));
  } while (s.peek().kind === 'semicolon' && s.take());
  s.expect('rparen', "')'");
  return options;
}

/**
 * `nav1($select=a,b),nav2`: each item a single-valued navigation property (a lookup; $select only) or a
 * collection-valued one (the rows whose lookup points here; $select, $filter, $orderby, $top). Nested $expand
 * is not emulated.
 */
function parseExpand(
  entity: EntityDef,
  source: string,
  tables: ReadonlyMap<string, EntityDef>,
): ExpandItem[] {
  const s = new TokenStream('$expand', source);
  const singles = navigations(entity);
  const collections = collectionNavigations(tables.values(), entity);
  const out: ExpandItem[] = [];
  do {
    const token = s.expect('ident', 'a navigation property');
    const single = singles.find((n) => n.name === token.text);
    const collection = single ? undefined : collections.find((n) => n.name === token.text);
    const navigation = single ?? collection;
    if (!navigation) {
      throw queryError(
        `Could not find a property named '${token.text}' on type 'Microsoft.Dynamics.CRM.${entity.logicalName}'.`,
      );
    }
    const target = tables.get(navigation.target);
    if (!target) throw queryError(`The table '${navigation.target}' of '${token.text}' is not available.`);
    const options = nestedOptions(s);
    const allowed = single ? ['$select'] : ['$select', '$filter', '$orderby', '$top'];
    for (const name of options.keys()) {
      if (!allowed.includes(name)) {
        throw queryError(
          `The query option '${name}' is not supported inside $expand of a ${single ? 'single' : 'collection'}-valued navigation property.`,
        );
      }
    }
    const select = options.get('$select');
    const selected =
      select === undefined ? undefined : parseSelect(target, select, `$expand=${token.text}($select)`);
    if (!collection) {
      out.push({ kind: 'single', navigation, select: selected });
      continue;
    }
    const filter = options.get('$filter');
    const orderBy = options.get('$orderby');
    const top = options.get('$top');
    out.push({
      kind: 'collection',
      navigation: collection,
      select: selected,
      filter: filter === undefined ? undefined : parseFilter(target, filter),
      orderBy: orderBy === undefined ? [] : parseOrderBy(target, orderBy),
      top: top === undefined ? undefined : parseTop(top),
    });
  } while (s.peek().kind === 'comma' && s.take());
  s.expect('eof', "',' or the end");
  return out;
}

function parseTop(source: string): number {
  if (!/^\d+$/.test(source.trim())) {
    throw queryError(
      `Invalid value '${source}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  const top = Number(source);
  if (top > 5000) throw queryError('The $top query option cannot be larger than 5000.');
  return top;
}

export function parseQuery(
  entity: EntityDef,
  params: URLSearchParams,
  tables: ReadonlyMap<string, EntityDef>,
): ParsedQuery {
  for (const name of new Set(params.keys())) {
    if (!name.startsWith('$')) continue;
    if (unsupported.has(name)) throw queryError(`The query parameter ${name} is not supported`);
    if (!known.has(name)) throw queryError(`The query parameter ${name} is not supported`);
    if (params.getAll(name).length > 1)
      throw queryError(
        `Query option '${name}' was specified more than once, but it must be specified at most once.`,
      );
  }
  const get = (name: string) => params.get(name) ?? undefined;
  const select = get('$select');
  const filter = get('$filter');
  const orderBy = get('$orderby');
  const top = get('$top');
  const expand = get('$expand');
  const count = get('$count');
  if (count !== undefined && count !== 'true' && count !== 'false') {
    throw queryError(`'${count}' is not a valid count option.`);
  }
  return {
    select: select === undefined ? undefined : parseSelect(entity, select),
    filter: filter === undefined ? undefined : parseFilter(entity, filter),
    orderBy: orderBy === undefined ? [] : parseOrderBy(entity, orderBy),
    top: top === undefined ? undefined : parseTop(top),
    expand: expand === undefined ? [] : parseExpand(entity, expand, tables),
    count: count === 'true',
    skipToken: get('$skiptoken'),
    deltaToken: get('$deltatoken'),
  };
}
