// The system query options of a Web API GET: $select, $filter, $orderby, $top, $expand (single-valued
// navigation properties, with a nested $select), $count, plus the paging and delta tokens the emulator hands
// out itself. Unknown options, and OData options Dataverse does not support ($skip, $search, $apply …), are
// refused with 0x80060888 rather than ignored, so a client finds its mistake at once.
import { queryError } from './dv-errors.js';
import { navigations, type ColumnDef, type EntityDef, type NavigationDef } from './metadata-types.js';
import { TokenStream } from './odata-lexer.js';
import { parseFilter, resolveProperty, unknownProperty, type FilterNode } from './odata-filter.js';

export interface OrderKey {
  readonly column: ColumnDef;
  readonly descending: boolean;
}

export interface ExpandItem {
  readonly navigation: NavigationDef;
  /** Columns of the related row; undefined: all. */
  readonly select: readonly ColumnDef[] | undefined;
}

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

/** `nav1($select=a,b),nav2`: splits on commas outside parentheses, then reads each item's options. */
function parseExpand(
  entity: EntityDef,
  source: string,
  tables: ReadonlyMap<string, EntityDef>,
): ExpandItem[] {
  const s = new TokenStream('$expand', source);
  const navs = navigations(entity);
  const out: ExpandItem[] = [];
  do {
    const token = s.expect('ident', 'a navigation property');
    const navigation = navs.find((n) => n.name === token.text);
    if (!navigation) {
      throw queryError(
        `Could not find a property named '${token.text}' on type 'Microsoft.Dynamics.CRM.${entity.logicalName}'.`,
      );
    }
    const target = tables.get(navigation.target);
    if (!target) throw queryError(`The table '${navigation.target}' of '${token.text}' is not available.`);
    let select: ColumnDef[] | undefined;
    if (s.peek().kind === 'lparen') {
      s.take();
      do {
        const option = s.expect('ident', 'a query option');
        s.expect('equals', "'='");
        if (option.text !== '$select') {
          throw queryError(
            `The query option '${option.text}' is not supported inside $expand of a single-valued navigation property.`,
          );
        }
        const names: string[] = [];
        do names.push(s.expect('ident', 'a property name').text);
        while (s.peek().kind === 'comma' && s.take());
        select = parseSelect(target, names.join(','), `$expand=${token.text}($select)`);
      } while (s.peek().kind === 'semicolon' && s.take());
      s.expect('rparen', "')'");
    }
    out.push({ navigation, select });
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
