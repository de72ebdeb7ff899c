/** PowerPoint (PPTX): the slides' text in slide order (the archive may hold them in any order). */
import { zipXmlTexts } from './zip.js';

const slideNumber = (name: string) => Number(/(\d+)\.xml$/.exec(name)?.[1] ?? 0);

export const pptxText = (file: string): string =>
  zipXmlTexts(file, (name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
    .sort((a, b) => slideNumber(a.name) - slideNumber(b.name))
    .map((e) => e.text)
    .join('\n\n');
