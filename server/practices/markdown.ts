/**
 * Description sections are Markdown without raw HTML: what authors type is shown to everyone, so markup that
 * could carry scripts or break the page is refused at the door rather than cleaned up later.
 */
import { Lexer, marked, walkTokens, type Token } from 'marked';

/** http(s), mail, anchors and paths of this site; not `//host` (protocol-relative), not javascript: or data:. */
const SAFE_LINK = /^(https?:|mailto:|#|\/(?!\/))/i;

/** Why `text` is not acceptable Markdown, or undefined when it is. */
export function markdownProblem(text: string): string | undefined {
  // Raw HTML and <autolinks> need «<», images and links «[», bare links with a scheme («ftp://», «xmpp:») «:»: a
  // text with none of them has no token to refuse, and an import checks thousands of plain annotations a second.
  if (!/[<[:]/.test(text)) return undefined;
  let problem: string | undefined;
  const tokens = Lexer.lex(text, { gfm: true });
  walkTokens(tokens, (token: Token) => {
    if (problem) return;
    if (token.type === 'html') problem = 'HTML-разметка не допускается, используйте Markdown';
    // Remote images would let any author track every reader; pictures are attached as files instead.
    else if (token.type === 'image') problem = 'Изображения в тексте не допускаются — прикрепите их файлами';
    else if (token.type === 'link' && !SAFE_LINK.test(String(token.href).trim())) {
      problem = 'Ссылки допускаются только вида http(s)://…';
    }
  });
  return problem;
}

/**
 * Markdown of a practice as the bank publishes it. Raw HTML and unsafe links were refused when the text was
 * written (`markdownProblem`); links out are marked as the authors' own (no referrer, no endorsement). The
 * practice page and the editor's preview both use this, so the preview shows exactly what will be published.
 */
export function renderMarkdown(text: string): string {
  return marked
    .parse(text, { async: false, gfm: true })
    .replace(/<a href="(https?:)/g, '<a rel="nofollow ugc noopener noreferrer" href="$1');
}

/** What the editor's preview shows: the published HTML, or why the text cannot be published (and no HTML). */
export function previewMarkdown(text: string): { html: string; problem: string | null } {
  const problem = markdownProblem(text);
  return problem ? { html: '', problem } : { html: renderMarkdown(text), problem: null };
}
