/**
 * What may be attached: an allowlist by extension, each checked against the file's magic bytes (the declared
 * Content-Type is never trusted), with how it is served, extracted and previewed.
 */
export type Extractor = 'pdf' | 'docx' | 'pptx' | 'odf' | 'rtf' | 'txt';

export interface FileKind {
  /** What file-type must detect from the bytes; undefined: no magic to check (plain text). */
  detected: readonly string[] | undefined;
  contentType: string;
  /** Shown in the browser (images, PDF) rather than downloaded. */
  inline: boolean;
  extract?: Extractor;
  preview?: 'image' | 'pdf';
}

export const FILE_KINDS: Record<string, FileKind> = {
  pdf: { detected: ['pdf'], contentType: 'application/pdf', inline: true, extract: 'pdf', preview: 'pdf' },
  doc: { detected: ['cfb'], contentType: 'application/msword', inline: false },
  // Office files must be recognised as what they claim, not merely as a ZIP (which could hold anything).
  docx: {
    detected: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    inline: false,
    extract: 'docx',
  },
  ppt: { detected: ['cfb'], contentType: 'application/vnd.ms-powerpoint', inline: false },
  pptx: {
    detected: ['pptx'],
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    inline: false,
    extract: 'pptx',
  },
  xls: { detected: ['cfb'], contentType: 'application/vnd.ms-excel', inline: false },
  xlsx: {
    detected: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    inline: false,
  },
  odt: { detected: ['odt'], contentType: 'application/vnd.oasis.opendocument.text', inline: false, extract: 'odf' },
  odp: {
    detected: ['odp'],
    contentType: 'application/vnd.oasis.opendocument.presentation',
    inline: false,
    extract: 'odf',
  },
  ods: { detected: ['ods'], contentType: 'application/vnd.oasis.opendocument.spreadsheet', inline: false },
  rtf: { detected: ['rtf'], contentType: 'application/rtf', inline: false, extract: 'rtf' },
  txt: { detected: undefined, contentType: 'text/plain; charset=utf-8', inline: false, extract: 'txt' },
  jpg: { detected: ['jpg'], contentType: 'image/jpeg', inline: true, preview: 'image' },
  jpeg: { detected: ['jpg'], contentType: 'image/jpeg', inline: true, preview: 'image' },
  png: { detected: ['png'], contentType: 'image/png', inline: true, preview: 'image' },
  webp: { detected: ['webp'], contentType: 'image/webp', inline: true, preview: 'image' },
  mp4: { detected: ['mp4', 'm4v', 'mov'], contentType: 'video/mp4', inline: false },
  webm: { detected: ['webm'], contentType: 'video/webm', inline: false },
  mp3: { detected: ['mp3'], contentType: 'audio/mpeg', inline: false },
};

/** External video links, as attachments of their own kind. */
export const LINK_PROVIDERS: { provider: string; host: RegExp; path: RegExp }[] = [
  { provider: 'rutube', host: /^(www\.)?rutube\.ru$/, path: /^\/(video|play\/embed|shorts)\/[\w-]+/ },
  { provider: 'vk', host: /^(m\.)?(vk\.com|vkvideo\.ru)$/, path: /^\/(video|clip)-?\d+_\d+|^\/video\?z=video/ },
  { provider: 'youtube', host: /^(www\.|m\.)?youtube\.com$/, path: /^\/(watch|shorts\/[\w-]+|embed\/[\w-]+)/ },
  { provider: 'youtube', host: /^youtu\.be$/, path: /^\/[\w-]{6,}/ },
];

/** The provider of an https video address (RuTube, VK Video, YouTube), or undefined for any other address. */
export function linkProviderOf(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return undefined;
  return LINK_PROVIDERS.find((p) => p.host.test(parsed.hostname) && p.path.test(parsed.pathname + parsed.search))
    ?.provider;
}
