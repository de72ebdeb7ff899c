import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, xmlElement } from '../../server/shared/xml.js';

describe('XML written by hand', () => {
  it('escapes markup and quotes in text and attributes', () => {
    expect(xmlElement('t', 'a < b & "c"', { title: `'x' > y` })).toBe(
      '<t title="&apos;x&apos; &gt; y">a &lt; b &amp; &quot;c&quot;</t>',
    );
  });

  it('drops what XML 1.0 cannot carry — control characters and lone surrogates — and keeps the rest', () => {
    const pasted = 'Игра\u0000\u0008\u000B «Лэпбук»\tи\nпазлы \uD83D\uDE00 \uD83D конец \uDC00';
    const text = escapeXml(pasted);
    expect(text).toBe('Игра «Лэпбук»\tи\nпазлы \uD83D\uDE00  конец ');
    expect(XMLValidator.validate(`<t>${text}</t>`)).toBe(true);
  });

  it('writes an empty element when there is no text', () => {
    expect(xmlElement('resumptionToken', undefined, { cursor: 0 })).toBe('<resumptionToken cursor="0"/>');
  });
});
