/**
 * What a practice page tells machines: schema.org JSON-LD (a `LearningResource`) and OpenGraph tags, so a link
 * shared in a messenger shows the title and a search engine knows the registry number.
 */
import { html, safe, type SafeHtml } from './html.js';

export interface StructuredPractice {
  title: string;
  summary: string;
  permalink: string;
  registryNumber: string;
  authors: { fullName: string; position: string }[];
  organization: string | null;
  publishedAt: string | null;
  /** Russian labels of the levels. */
  levels: string[];
  /** Russian labels of subjects, technologies and directions, and the keywords. */
  about: string[];
}

/** The schema.org `LearningResource` of a practice. */
export function practiceJsonLd(p: StructuredPractice): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'LearningResource',
    name: p.title,
    description: p.summary,
    url: p.permalink,
    identifier: p.registryNumber,
    inLanguage: 'ru',
    author: p.authors.map((a) => ({
      '@type': 'Person',
      name: a.fullName,
      ...(a.position ? { jobTitle: a.position } : {}),
      ...(p.organization ? { affiliation: { '@type': 'Organization', name: p.organization } } : {}),
    })),
    ...(p.publishedAt ? { dateCreated: p.publishedAt.slice(0, 10) } : {}),
    educationalLevel: p.levels,
    about: p.about,
  };
}

/**
 * A JSON-LD block that cannot end early: `<`, `>` and `&` become JSON escapes, so a title holding
 * `</script>` or `<!--` stays data; U+2028/U+2029 are escaped for old parsers.
 */
export function jsonLdScript(data: unknown): SafeHtml {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return safe(`<script type="application/ld+json">${json}</script>`);
}

/** OpenGraph tags of a page; the description is cut to what previews show. */
export function openGraph(tags: { title: string; description: string; url: string; type?: string }): SafeHtml {
  const description = tags.description.length > 300 ? `${tags.description.slice(0, 297)}…` : tags.description;
  return html`<meta property="og:type" content="${tags.type ?? 'article'}">
<meta property="og:title" content="${tags.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${tags.url}">
<meta property="og:locale" content="ru_RU">
<meta property="og:site_name" content="Банк инновационных практик Смоленской области">
<meta name="description" content="${description}">
<link rel="canonical" href="${tags.url}">`;
}
