/**
 * A tiny HTML template tag (kept for the practice page until it moves to JSX; new pages use components) that escapes every interpolated value unless it is marked `safe`: pages are built
 * from people's text, and forgetting to escape must be impossible rather than merely unlikely.
 */
import { escapeHtml } from '../../search/analysis/highlight.js';

const SAFE = Symbol('safe html');
export interface SafeHtml {
  [SAFE]: true;
  html: string;
}

export const safe = (html: string): SafeHtml => ({ [SAFE]: true, html });
const isSafe = (value: unknown): value is SafeHtml => typeof value === 'object' && value !== null && SAFE in value;

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isSafe(value)) return value.html;
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return safe(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}
