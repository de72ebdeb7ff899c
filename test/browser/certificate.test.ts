import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('the certificate pages in a browser', () => {
  const web = useBrowser();
  const number = () =>
    (
      web
        .app()
        .bank.db.$client.prepare(
          'SELECT registry_number AS n FROM practices WHERE registry_number IS NOT NULL AND withdrawn_at IS NULL LIMIT 1',
        )
        .get() as { n: string }
    ).n;

  it('leads from the practice page to the verification page and the PDF by keyboard, accessible and phone-wide', async () => {
    const page = await web.page({ width: 375 });
    await page.goto(web.url(`/practices/${number()}/certificate`));
    expect(await page.locator('h1').innerText()).toContain('Проверка свидетельства');
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    await tabUntil(page, 'a[href$="certificate.pdf"]', 40);
    await expectVisibleFocus(page);
    const [download] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/certificate.pdf')),
      page.keyboard.press('Enter'),
    ]);
    expect(download.headers()['content-type']).toBe('application/pdf');
    expect(web.problems).toEqual([]);
  });

  it('prints the practice from a page of its own that reads well on a phone and a desktop', async () => {
    const desktop = await web.page();
    await desktop.goto(web.url(`/practices/${number()}`));
    await desktop.getByRole('link', { name: 'Версия для печати' }).click();
    await desktop.waitForURL(/\/print$/);
    await expectAccessible(desktop);
    const phone = await web.page({ width: 375 });
    await phone.goto(desktop.url());
    await expectNoSidewaysScroll(phone);
    expect(web.problems).toEqual([]);
  });
});
