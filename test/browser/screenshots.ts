/**
 * Screenshots of pages at a phone's and a desktop's width, for a person to look at before calling a page done:
 * `npm run screenshots -- / '/?level=preschool' /practices/67-2024-0010`. Written to /tmp/shots/, never committed.
 * `--as=admin` (or another role) signs the browser in with a new account holding it, for the pages behind sign-in.
 * `--type=мнемо` types into the page's search box and waits for its suggestions, to see the list open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '../../server/db/schema.js';
import { signUp } from '../helper.js';
import { launchBrowser, materialsReady, saveScreenshot, startBank } from './harness.js';

const args = process.argv.slice(2);
const role = args.find((a) => a.startsWith('--as='))?.slice('--as='.length) as Role | undefined;
const typed = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
const paths = args.filter((a) => !a.startsWith('--'));
if (paths.length === 0) paths.push('/');
const dir = mkdtempSync(path.join(tmpdir(), 'bank-shots-'));
const { app, base } = await startBank(dir);
await materialsReady(app);
const session = role ? (await signUp(app, { roles: [role] })).cookie.split('=') : undefined;
const browser = await launchBrowser();
try {
  for (const width of [375, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'ru-RU' });
    if (session) await context.addCookies([{ name: session[0]!, value: session[1]!, url: base }]);
    const page = await context.newPage();
    for (const url of paths) {
      await page.goto(base + url);
      // A full-page shot does not scroll, so lazy previews further down would stay blank boxes.
      await page.evaluate(() => {
        document.querySelectorAll('img').forEach((img) => (img.loading = 'eager'));
      });
      await page.waitForLoadState('networkidle');
      if (typed) {
        await page.locator('main input[name="q"]').first().pressSequentially(typed);
        await page.getByRole('listbox').first().waitFor();
      }
      const name = `${`${url}${typed ? `_${typed}` : ''}`.replace(/[^a-z0-9а-я]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${width}`;
      console.log(await saveScreenshot(page, name));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
