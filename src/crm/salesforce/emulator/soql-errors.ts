// SOQL refusals as Salesforce words them: the query line, a caret under the offending column, the row and
// column, then the reason. E.g.
//   "\nSELECT Id, Nme FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Nme' on entity …"
import { badRequest, SfErrorCode, type SfHttpError } from './sf-errors.js';

export function soqlError(
  code:
    | typeof SfErrorCode.malformedQuery
    | typeof SfErrorCode.invalidField
    | typeof SfErrorCode.invalidType
    | typeof SfErrorCode.invalidQueryFilterOperator
    | typeof SfErrorCode.numberOutsideRange,
  source: string,
  pos: number,
  detail: string,
): SfHttpError {
  const before = source.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = source.indexOf('\n', pos);
  const line = source.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const column = pos - lineStart + 1;
  return badRequest(
    code,
    `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${detail}`,
  );
}

export const malformed = (source: string, pos: number, detail: string) =>
  soqlError(SfErrorCode.malformedQuery, source, pos, detail);
