/** RTF: read up to the plain-file cap and decoded (cp1251 escapes too); synchronous, run in the extraction thread. */
import { EXTRACT_LIMITS, readHeadSync } from './limits.js';

/** Plain text of an RTF document: groups of fonts, colours and pictures dropped, escapes decoded (cp1251 too). */
export function rtfText(rtf: string): string {
  const cp1251 = new TextDecoder('windows-1251');
  let out = '';
  let depth = 0;
  let skipUntil = -1;
  let i = 0;
  while (i < rtf.length) {
    const c = rtf[i]!;
    if (c === '{') {
      depth += 1;
      if (skipUntil < 0 && /^\{\\(\*|fonttbl|colortbl|stylesheet|info|pict|header|footer)/.test(rtf.slice(i, i + 12)))
        skipUntil = depth;
      i += 1;
    } else if (c === '}') {
      if (depth === skipUntil) skipUntil = -1;
      depth -= 1;
      i += 1;
    } else if (c === '\\') {
      const hex = /^\\'([0-9a-f]{2})/i.exec(rtf.slice(i, i + 4));
      const word = /^\\([a-z]+)(-?\d+)? ?/i.exec(rtf.slice(i, i + 40));
      if (hex) {
        if (skipUntil < 0) out += cp1251.decode(Uint8Array.of(parseInt(hex[1]!, 16)));
        i += 4;
      } else if (word) {
        if (skipUntil < 0) {
          if (word[1] === 'par' || word[1] === 'line') out += '\n';
          else if (word[1] === 'tab') out += ' ';
          else if (word[1] === 'u' && word[2]) {
            out += String.fromCharCode((Number(word[2]) + 65536) % 65536);
            // \uN is followed by a replacement character for old readers: skip it.
            i += word[0].length;
            if (rtf[i] === '\\' && rtf[i + 1] === "'") i += 4;
            else if (rtf[i] !== '\\' && rtf[i] !== '{' && rtf[i] !== '}') i += 1;
            continue;
          }
        }
        i += word[0].length;
      } else {
        if (skipUntil < 0 && rtf[i + 1]) out += rtf[i + 1] === '~' ? ' ' : /[\\{}]/.test(rtf[i + 1]!) ? rtf[i + 1] : '';
        i += 2;
      }
    } else {
      if (skipUntil < 0 && c !== '\r' && c !== '\n') out += c;
      i += 1;
    }
  }
  return out
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export const rtfFileText = (file: string): string =>
  rtfText(readHeadSync(file, EXTRACT_LIMITS.plainBytes).toString('latin1'));
