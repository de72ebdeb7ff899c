/** Word (DOCX): the body, then footnotes and endnotes. */
import { zipXmlTexts } from './zip.js';

const PARTS = /^word\/(document|footnotes|endnotes)\.xml$/;

export const docxText = (file: string): string =>
  zipXmlTexts(file, (name) => PARTS.test(name))
    .map((e) => e.text)
    .join('\n\n');
