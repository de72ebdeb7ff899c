/**
 * What a practice page tells machines: schema.org JSON-LD (a `LearningResource`) and OpenGraph tags, so a link
 * shared in a messenger shows the title and a search engine knows the registry number.
 */
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
 * JSON-LD text that cannot end its `<script>` early: `<`, `>` and `&` become JSON escapes, so a title holding
 * `</script>` or `<!--` stays data; U+2028/U+2029 are escaped for old parsers.
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** OpenGraph properties of a page; the description is cut to what previews show. */
export function openGraph(tags: { title: string; description: string; url: string; type?: string }) {
  const description = tags.description.length > 300 ? `${tags.description.slice(0, 297)}…` : tags.description;
  return {
    description,
    properties: [
      ['og:type', tags.type ?? 'article'],
      ['og:title', tags.title],
      ['og:description', description],
      ['og:url', tags.url],
      ['og:locale', 'ru_RU'],
      ['og:site_name', 'Банк инновационных практик Смоленской области'],
    ] as [string, string][],
  };
}
