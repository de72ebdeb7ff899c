/**
 * A tiny HTML template tag that escapes every interpolated value unless it is marked `safe`: pages are built
 * from people's text, and forgetting to escape must be impossible rather than merely unlikely.
 */
import { escapeHtml } from '../../common/escape-html.js';

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

export function layout(title: string, body: SafeHtml): string {
  return `<!doctype html>${
    html`<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Банк инновационных практик Смоленской области</title>
<style>
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:52rem;margin:0 auto;padding:1rem 1.25rem 4rem;color:#1d2433}
header.site{display:flex;gap:1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #dde3ec;padding-bottom:.75rem;margin-bottom:1.5rem}
header.site a{color:#1d2433;text-decoration:none;font-weight:600}
form.search{display:flex;gap:.5rem;flex:1;max-width:28rem}form.search input{flex:1;padding:.45rem .6rem;border:1px solid #b8c2d1;border-radius:6px;font:inherit}
button{padding:.45rem .9rem;border:0;border-radius:6px;background:#24549c;color:#fff;font:inherit;cursor:pointer}
.meta{color:#556070;font-size:.92rem}.tags span{display:inline-block;background:#eef2f8;border-radius:4px;padding:.05rem .45rem;margin:.1rem .25rem .1rem 0;font-size:.85rem}
.notice{background:#fff4e5;border:1px solid #f0c36d;border-radius:6px;padding:.75rem 1rem}
.citation{background:#f6f8fb;border-left:4px solid #24549c;padding:.75rem 1rem;font-size:.95rem}
mark{background:#ffe58a;padding:0 .1em}ul.files{list-style:none;padding:0}ul.files li{margin:.4rem 0}ul.files img{display:block;max-width:240px;border:1px solid #dde3ec;border-radius:4px;margin-bottom:.25rem}ol.hits{padding-left:1.2rem}ol.hits li{margin-bottom:1.1rem}
</style></head><body>
<header class="site"><a href="/">Банк инновационных практик Смоленской области</a>
<form class="search" action="/" method="get"><input name="q" type="search" placeholder="Поиск: ТРИЗ, ДОУ, робототехника…" aria-label="Поиск"><button>Найти</button></form></header>
<main>${body}</main></body></html>`.html
  }`;
}
