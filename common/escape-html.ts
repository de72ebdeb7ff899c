/**
 * HTML escaping, shared by the search package's highlighting and the bank's page templates. It lives in
 * `common/`, which imports neither `search/` nor `server/`, so both can use it without depending on each other.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: the five characters that could open markup or close an attribute are replaced by entities. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
