/** OpenDocument (ODT, ODP): the text of content.xml. */
import { zipXmlTexts } from './zip.js';

export const odfText = (file: string): string =>
  zipXmlTexts(file, (name) => name === 'content.xml')
    .map((e) => e.text)
    .join('\n\n');
