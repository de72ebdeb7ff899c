/**
 * Writing XML by hand, safely: every text and attribute goes through `escapeXml`, and characters XML 1.0 cannot
 * carry at all (control characters, lone surrogates) are dropped — a practice's text pasted from Word may hold them.
 */

const NOT_IN_XML =
  // eslint-disable-next-line no-control-regex -- the point is to find the control characters XML forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or an attribute value with `&`, `<`, `>`, quotes escaped and forbidden characters removed. */
export function escapeXml(value: string): string {
  return value
    .replace(NOT_IN_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** Attributes as ` name="value"`, skipping undefined ones. */
export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

/** An element with escaped text content (or empty when `text` is undefined). */
export function xmlElement(
  name: string,
  text?: string,
  attributes: Record<string, string | number | undefined> = {},
): string {
  const attrs = xmlAttributes(attributes);
  return text === undefined || text === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

/** The XML declaration every document starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
