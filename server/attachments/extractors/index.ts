/**
 * One extractor per format, each synchronous: they run in the extraction thread (`../extract-thread.ts`), where
 * blocking is harmless and the thread can be killed when a file runs away.
 */
import type { Extractor } from '../types.js';
import { docxText } from './docx.js';
import { EXTRACT_LIMITS } from './limits.js';
import { odfText } from './odf.js';
import { pdfText } from './pdf.js';
import { pptxText } from './pptx.js';
import { rtfFileText } from './rtf.js';
import { txtText } from './txt.js';

const EXTRACTORS: Record<Extractor, (file: string) => string> = {
  txt: txtText,
  rtf: rtfFileText,
  docx: docxText,
  pptx: pptxText,
  odf: odfText,
  pdf: pdfText,
};

/** The text of a stored file, capped; throws ExtractionError when it cannot be read. Blocks: not for the server's thread. */
export function extractTextSync(file: string, extractor: Extractor): string {
  return EXTRACTORS[extractor](file).replaceAll('\u0000', '').slice(0, EXTRACT_LIMITS.textChars);
}
