/** The PDF tools the extractor and the previews call: tests that need them skip, saying what to install. */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'vitest';

const TOOLS = ['pdftotext', 'pdftoppm'];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EACCES')
        return false;
      throw error;
    }
  });
}

/** Skips the running test with one line naming the package when pdftotext or pdftoppm is not on PATH. */
export function requirePoppler(context: TestContext): void {
  const missing = TOOLS.filter((tool) => !onPath(tool));
  if (missing.length > 0) context.skip(`${missing.join(' and ')} not on PATH: apt-get install poppler-utils`);
}
