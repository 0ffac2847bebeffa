import { describe, expect, it } from 'vitest';
import { escapeHtml, html, join } from './html.js';

describe('the console template', () => {
  it('escapes every interpolation: text from a remote system renders as text', () => {
    const name = '<script>alert("x")</script>';
    expect(html`<td>${name}</td>`.text).toBe('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>');
    expect(html`<a title="${`" onmouseover="x`}"></a>`.text).toBe(
      '<a title="&quot; onmouseover=&quot;x"></a>',
    );
  });

  it('inserts fragments built with html as they are, and escapes plain values in lists', () => {
    const row = html`<b>${'<i>'}</b>`;
    expect(html`<p>${row}${['<a>', html`<br />`]}</p>`.text).toBe('<p><b>&lt;i&gt;</b>&lt;a&gt;<br /></p>');
    expect(join(['&', html`&amp;`]).text).toBe('&amp;&amp;');
    expect(html`${undefined}${null}${false}${0}`.text).toBe('0');
    expect(escapeHtml("'`")).toBe('&#39;&#96;');
  });
});
