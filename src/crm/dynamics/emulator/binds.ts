// `<navigation>@odata.bind` values: `/accounts(<id>)`, `accounts(<id>)`, an absolute URL, an alternate key
// (`/transactioncurrencies(isocurrencycode='EUR')`) or a change set's `$<Content-ID>`, resolved to the row they name.
import { table, type DataverseContext } from './context.js';
import { DvErrorCode, DvHttpError, payloadError } from './dv-errors.js';
import { findRow, parseKey, splitKeySegment } from './keys.js';
import { navigations, type EntityDef, type LookupRef } from './metadata-types.js';

/** Resolves a `$n` Content-ID reference inside a $batch change set to the row it created. */
export type ContentIdRefs = (reference: string) => LookupRef | undefined;

/** `/accounts(id)`, `accounts(id)`, an absolute URL, an alternate key, or `$1`: the row a bind names. */
export function resolveBind(
  ctx: DataverseContext,
  entity: EntityDef,
  property: string,
  value: unknown,
  refs: ContentIdRefs | undefined,
): LookupRef | null {
  const nav = navigations(entity).find((n) => n.name === property);
  if (!nav) {
    throw payloadError(
      `An undeclared property '${property}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
    );
  }
  if (value === null) return null;
  if (typeof value !== 'string') throw payloadError(`The value of '${property}@odata.bind' must be a URL.`);
  if (/^\$\d+$/.test(value)) {
    const ref = refs?.(value);
    if (!ref)
      throw payloadError(
        `The Content-ID reference '${value}' does not name an earlier request of this change set.`,
      );
    if (ref.entity !== nav.target)
      throw payloadError(`'${value}' is a ${ref.entity}; '${property}' needs a ${nav.target}.`);
    return ref;
  }
  const segment = value.replace(/^.*\/api\/data\/v\d+\.\d+\//, '').replace(/^\//, '');
  const split = splitKeySegment(segment);
  const target = table(ctx, nav.target);
  if (!split || split.set !== target.setName) {
    throw payloadError(
      `'${value}' is not a URL of a ${nav.target} row ('/${target.setName}(<id>)'), as '${property}' needs.`,
    );
  }
  const row = findRow(ctx.store, target, parseKey(target, split.keyText));
  if (!row)
    throw new DvHttpError(
      404,
      DvErrorCode.notFound,
      `${nav.target} With Id = ${split.keyText} Does Not Exist`,
    );
  return { id: row[target.primaryId] as string, entity: nav.target };
}
