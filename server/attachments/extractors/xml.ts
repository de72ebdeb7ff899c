/**
 * Text of office XML, fed in pieces: paragraph ends become line breaks, tags go. One linear pass with indexOf (a
 * regexp over tags backtracks quadratically on a document full of `<` without `>`), and it stops taking input once
 * it holds enough text, so a 60 MiB document is never decoded whole.
 */
const decodeEntities = (xml: string) =>
  xml.includes('&')
    ? xml
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
        .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
        .replace(/&amp;/g, '&')
    : xml;

const PARAGRAPH_ENDS = new Set(['/w:p', '/a:p', '/text:p', '/text:h']);
const TABS = new Set(['w:tab', 'text:tab']);

/** Collapses runs of blanks and of empty lines. */
export const tidy = (text: string) =>
  text
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

export class XmlText {
  private readonly parts: string[] = [];
  private length = 0;
  /** Input after the last `>`: it may end inside a tag or an entity, so it waits for the next piece. */
  private carry = '';

  constructor(private readonly budget = Infinity) {}

  /** Enough text is held: more input would be thrown away. */
  get full(): boolean {
    return this.length >= this.budget;
  }

  push(piece: string): void {
    if (this.full) return;
    const close = piece.lastIndexOf('>');
    if (close < 0) {
      this.carry += piece;
      return;
    }
    const xml = this.carry + piece.slice(0, close + 1);
    this.carry = piece.slice(close + 1);
    this.scan(xml);
  }

  /** The text so far, with what the last piece left open: text before an unterminated tag, never the tag. */
  end(): string {
    if (!this.full) {
      const open = this.carry.indexOf('<');
      this.add(open < 0 ? this.carry : this.carry.slice(0, open));
    }
    this.carry = '';
    return tidy(this.parts.join(''));
  }

  private add(text: string): void {
    if (text === '') return;
    const decoded = decodeEntities(text);
    this.parts.push(decoded);
    this.length += decoded.length;
  }

  /** `xml` ends with `>`, so every tag in it is whole. */
  private scan(xml: string): void {
    let i = 0;
    while (i < xml.length && !this.full) {
      const open = xml.indexOf('<', i);
      if (open < 0) {
        this.add(xml.slice(i));
        return;
      }
      this.add(xml.slice(i, open));
      const close = xml.indexOf('>', open);
      if (close < 0) return;
      // The tag's name: `/w:p` for a closing tag, `w:tab` for `<w:tab/>`.
      const tag = xml
        .slice(open + 1, Math.min(close, open + 40))
        .trim()
        .split(/\s/)[0]!
        .replace(/\/$/, '');
      if (PARAGRAPH_ENDS.has(tag)) this.add('\n');
      else if (TABS.has(tag)) this.add(' ');
      i = close + 1;
    }
  }
}

/** Text of a whole XML string. */
export function xmlText(xml: string): string {
  const text = new XmlText();
  text.push(xml);
  return text.end();
}
