// The console's one way to build HTML: a tagged template that escapes every interpolated value. Text from a
// remote system (a referral named `<script>`) can only ever reach the page as text. A fragment built with
// `html` is already safe and is inserted as it is; nothing else is.
const safe = Symbol('safe-html');

export interface SafeHtml {
  readonly [safe]: true;
  readonly text: string;
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => entities[c] ?? c);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && safe in value;
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  if (isSafe(value)) return value.text;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    text += render(value) + (strings[i + 1] ?? '');
  });
  return { [safe]: true, text };
}

/** Joins fragments (or escapes plain values) into one fragment. */
export function join(values: readonly HtmlValue[]): SafeHtml {
  return { [safe]: true, text: values.map(render).join('') };
}
