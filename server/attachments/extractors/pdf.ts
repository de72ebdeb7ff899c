/** PDF: poppler's pdftotext, in a child process capped in pages, time and output. */
import { execFileSync } from 'node:child_process';
import { EXTRACT_LIMITS, ExtractionError } from './limits.js';

export function pdfText(file: string): string {
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-l', String(EXTRACT_LIMITS.pdfPages), file, '-'], {
      timeout: EXTRACT_LIMITS.timeoutMs,
      maxBuffer: EXTRACT_LIMITS.textChars * 4,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new ExtractionError(`PDF не читается: ${(error as Error).message.split('\n')[0]}`);
  }
}
