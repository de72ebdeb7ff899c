import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { attachments, practices } from '../../server/db/schema.js';
import {
  describeInBrowser,
  expectAccessible,
  expectNoSidewaysScroll,
  expectVisibleFocus,
  materialsReady,
  screenshot,
  tabUntil,
  useBrowser,
} from './harness.js';

describeInBrowser('practice, organisation and municipality pages in a browser', () => {
  const web = useBrowser();
  let cached: { number: string; orgId: number } | undefined;

  /** A demo practice with a text file and a RuTube link among its materials. */
  async function practiceWithMaterials() {
    if (cached) return cached;
    const app = web.app();
    const hit = (await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('мнемотехника')}` })).json().hits[0];
    const practice = app.bank.db.select().from(practices).where(eq(practices.id, hit.id)).get()!;
    const text = Buffer.from('Мнемотаблица «Осень»: листья, дождь, зонт.\n');
    const sha256 = await app.bank.services.store.put(text);
    const common = { practiceId: practice.id, versionId: practice.publishedVersionId! };
    app.bank.db
      .insert(attachments)
      .values([
        {
          ...common,
          kind: 'file',
          name: 'Мнемотаблицы.txt',
          sha256,
          size: text.length,
          mime: 'text/plain',
          ext: 'txt',
        },
        { ...common, kind: 'link', name: 'rutube.ru', url: 'https://rutube.ru/video/abc123def/', provider: 'rutube' },
      ])
      .run();
    cached = { number: hit.registryNumber, orgId: hit.organization.id };
    return cached;
  }

  /** Requests that left the bank: a practice page must make none before a person asks for a player. */
  function outsideRequests(page: Page): string[] {
    const seen: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(web.url('/'))) seen.push(request.url());
    });
    return seen;
  }

  it('opens a practice, copies its citation and downloads a file', async () => {
    const { number } = await practiceWithMaterials();
    const page = await web.page();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url('') });
    const outside = outsideRequests(page);
    await page.goto(web.url(`/practices/${number}`));
    const citation = (await page.locator('#citation-text').innerText()).trim();
    await page.getByRole('button', { name: 'Скопировать библиографическую ссылку' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'скопирована' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(citation);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Мнемотаблицы\.txt/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Мнемотаблицы.txt');
    expect(outside).toEqual([]);
    expect(await page.getByRole('img', { name: `QR-код постоянной ссылки на практику № ${number}` }).count()).toBe(1);
    expect(web.problems).toEqual([]);
  });

  it('loads a video player only when asked, and without JavaScript links out instead', async () => {
    const { number } = await practiceWithMaterials();
    const page = await web.page();
    const outside = outsideRequests(page);
    await page.route('https://rutube.ru/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<p>player</p>' }),
    );
    await page.goto(web.url(`/practices/${number}`));
    expect(await page.locator('iframe').count()).toBe(0);
    expect(outside).toEqual([]);
    await page.getByRole('button', { name: /Смотреть здесь/ }).click();
    const frame = page.locator('iframe.video-frame');
    expect(await frame.getAttribute('src')).toBe('https://rutube.ru/play/embed/abc123def');
    await expect.poll(() => outside.length).toBeGreaterThan(0);
    const plain = await web.page({ javaScript: false });
    await plain.goto(web.url(`/practices/${number}`));
    expect(await plain.getByRole('button', { name: /Смотреть здесь/ }).count()).toBe(0);
    expect(await plain.getByRole('link', { name: /Видео на RuTube/ }).getAttribute('href')).toBe(
      'https://rutube.ru/video/abc123def/',
    );
    expect(web.problems).toEqual([]);
  });

  it('goes from a practice to its organisation and its municipality', async () => {
    const { number, orgId } = await practiceWithMaterials();
    const page = await web.page();
    await page.goto(web.url(`/practices/${number}`));
    await page.locator('.facts').getByRole('link').first().click();
    await page.waitForURL(new RegExp(`/organizations/${orgId}$`));
    expect(
      await page
        .getByRole('table')
        .getByRole('link', { name: /Мнемотехника/ })
        .count(),
    ).toBe(1);
    await page.getByRole('link', { name: 'город Смоленск' }).first().click();
    await page.waitForURL(/\/municipalities\/smolensk$/);
    expect(await page.locator('h1').innerText()).toBe('город Смоленск');
    expect(await page.getByRole('heading', { name: 'Практики по уровням образования' }).count()).toBe(1);
  });

  const kinds = async () => {
    const { number, orgId } = await practiceWithMaterials();
    return {
      practice: `/practices/${number}`,
      organization: `/organizations/${orgId}`,
      directory: '/organizations?municipality=smolensk',
      municipality: '/municipalities/smolensk',
    };
  };

  it('fits a 375 px phone without sideways scrolling on every page kind', async () => {
    const page = await web.page({ width: 375 });
    for (const [kind, url] of Object.entries(await kinds())) {
      await page.goto(web.url(url));
      await expectNoSidewaysScroll(page);
      await screenshot(page, `${kind}-375`);
    }
  });

  it('has no serious accessibility violation on any page kind', async () => {
    const page = await web.page();
    for (const [kind, url] of Object.entries(await kinds())) {
      await page.goto(web.url(url));
      await expectAccessible(page);
      await screenshot(page, `${kind}-1280`);
    }
  });

  it('is usable by keyboard alone: copy the citation, reach the organisation', async () => {
    const { number } = await practiceWithMaterials();
    const page = await web.page();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.url('') });
    await page.goto(web.url(`/practices/${number}`));
    expect(await tabUntil(page, 'a.skip-link')).toBe(1);
    await tabUntil(page, '.facts a');
    await expectVisibleFocus(page);
    await tabUntil(page, 'button.copy-citation', 120);
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.copy-status').innerText()).toContain('скопирована');
    const directory = await web.page();
    await directory.goto(web.url('/organizations'));
    await tabUntil(directory, '#org-q');
    await directory.keyboard.type('Ромашка');
    await directory.keyboard.press('Enter');
    await directory.waitForURL(/q=/);
    await tabUntil(directory, 'table a');
    await expectVisibleFocus(directory);
  });

  it('shows tables on a 375 px phone as cards: the caption whole, each cell under its column, nothing to scroll', async () => {
    const { organization, directory, municipality } = await kinds();
    const phone = await web.page({ width: 375 });
    const desktop = await web.page();
    for (const url of [organization, directory, municipality]) {
      await phone.goto(web.url(url));
      await expectNoSidewaysScroll(phone);
      const tables = await phone.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.table-wrap')).map((wrap) => {
          const caption = wrap.querySelector('caption')!.getBoundingClientRect();
          const headers = Array.from(wrap.querySelectorAll('thead th')).map((th) => `"${th.textContent!.trim()}"`);
          return {
            hiddenSideways: wrap.scrollWidth - wrap.clientWidth,
            captionInside: caption.left >= 0 && caption.right <= window.innerWidth,
            labels: Array.from(wrap.querySelectorAll('tbody td')).map((td) => getComputedStyle(td, '::before').content),
            headers,
          };
        }),
      );
      expect(tables.length, url).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table.hiddenSideways, url).toBeLessThanOrEqual(0);
        expect(table.captionInside, url).toBe(true);
        expect(table.labels.length).toBeGreaterThan(0);
        for (const label of table.labels) expect(table.headers, url).toContain(label);
      }
      // A desktop keeps the plain table with its header row.
      await desktop.goto(web.url(url));
      expect(
        await desktop
          .locator('.table-wrap thead')
          .first()
          .evaluate((el) => getComputedStyle(el).display),
      ).toBe('table-header-group');
    }
  });

  it('shows the demo materials on a practice page: previews, files named by their links, a video to watch', async () => {
    const app = web.app();
    await materialsReady(app);
    const pdf = app.bank.db.select().from(attachments).where(eq(attachments.name, 'Картотека ТРИЗ-игр.pdf')).get()!;
    const number = app.bank.db.select().from(practices).where(eq(practices.id, pdf.practiceId)).get()!.registryNumber;
    const page = await web.page();
    const outside = outsideRequests(page);
    await page.goto(web.url(`/practices/${number}`));
    const previews = page.locator('.materials img');
    expect(await previews.count()).toBe(2);
    for (const preview of await previews.all()) {
      await preview.scrollIntoViewIfNeeded();
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    }
    expect(await page.getByRole('link', { name: 'Морфологическая дорожка.png' }).count()).toBe(1);
    const watch = page.locator('button.video-play');
    await expect.poll(() => watch.isVisible()).toBe(true);
    expect(await watch.evaluate((b) => b.textContent)).toBe('Смотреть здесь: Игра «Хорошо — плохо» в старшей группе');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Картотека ТРИЗ-игр.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Картотека ТРИЗ-игр.pdf');
    expect(outside).toEqual([]);
    await expectAccessible(page);
    expect(web.problems).toEqual([]);
  });
});
