/**
 * Description sections are Markdown without raw HTML: what authors type is shown to everyone, so markup that
 * could carry scripts or break the page is refused at the door rather than cleaned up later.
 */
import { Lexer, walkTokens, type Token } from 'marked';

/** http(s), mail, anchors and paths of this site; not `//host` (protocol-relative), not javascript: or data:. */
const SAFE_LINK = /^(https?:|mailto:|#|\/(?!\/))/i;

/** Why `text` is not acceptable Markdown, or undefined when it is. */
export function markdownProblem(text: string): string | undefined {
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
