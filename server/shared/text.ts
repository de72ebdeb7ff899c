/** Text helpers shared by validation, the directory and the importer. */

/**
 * A comparison key: NFC, lower case, ё→е, quotes and dashes unified, white space collapsed.
 * Two names that a person would call the same give the same key.
 */
export function foldKey(value: string): string {
  return value
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[«»“”„"'`]/g, '"')
    .replace(/[‐‑‒–—−]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Control characters other than tab and newlines, bidi overrides, and halves of surrogate pairs (broken
 * characters that storage would silently turn into «�»): never part of honest text.
 */
export const FORBIDDEN_CHARACTERS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
