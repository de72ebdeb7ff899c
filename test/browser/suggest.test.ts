/** Suggestions under the search box (suggest.js), in a browser: keyboard only, axe, a 375 px phone, no script. */
import { expect, it } from 'vitest';
import { describeInBrowser, expectAccessible, expectNoSidewaysScroll, useBrowser } from './harness.js';

describeInBrowser('suggestions as you type', () => {
  const web = useBrowser({ DEMO_DATA: 'true' });

  it('offers suggestions to arrow through, and opens the chosen practice with Enter, keyboard only', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    const box = page.getByRole('combobox', { name: 'Поиск практик' });
    await box.focus();
    await page.keyboard.type('мнемо');
    const list = page.getByRole('listbox', { name: 'Подсказки к запросу' });
    await expect.poll(() => list.isVisible()).toBe(true);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const options = list.getByRole('option');
    expect(await options.first().innerText()).toContain('Мнемотехника');
    await expectAccessible(page);
    // The first option is the term, the second a practice: arrows move the active option, the box keeps focus.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = options.nth(1);
    expect(await box.getAttribute('aria-activedescendant')).toBe(await second.getAttribute('id'));
    expect(await second.getAttribute('aria-selected')).toBe('true');
    const title = (await second.locator('.suggestion-label').innerText()).trim();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/practices\/67-\d{4}-\d{4}$/);
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(web.problems).toEqual([]);
  });

  it('closes with Escape, and Enter without a chosen suggestion searches for what was typed', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    const box = page.getByRole('combobox', { name: 'Поиск практик' });
    await box.focus();
    await page.keyboard.type('nhbp');
    const list = page.getByRole('listbox');
    await expect.poll(() => list.isVisible()).toBe(true);
    // Typed in the Latin layout, offered as «ТРИЗ».
    expect(await list.getByRole('option').first().innerText()).toContain('ТРИЗ');
    await page.keyboard.press('Escape');
    await expect.poll(() => list.isVisible()).toBe(false);
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.inputValue()).toBe('nhbp');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=nhbp/);
    expect(await page.locator('.results-bar [role="status"]').innerText()).toMatch(/Найдено/);
  });

  it('filters by a chosen term: its suggestion opens the search with that filter', async () => {
    const page = await web.page();
    await page.goto(web.url('/'));
    await page.getByRole('combobox', { name: 'Поиск практик' }).focus();
    await page.keyboard.type('три');
    await expect.poll(() => page.getByRole('listbox').isVisible()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/technology=triz/);
    await expect.poll(() => page.getByRole('link', { name: /Убрать фильтр.*ТРИЗ/ }).count()).toBe(1);
  });

  it('fits a 375 px phone with the list open', async () => {
    const phone = await web.page({ width: 375 });
    await phone.goto(web.url('/'));
    await phone.getByRole('combobox', { name: 'Поиск практик' }).focus();
    await phone.keyboard.type('детский сад');
    await expect.poll(() => phone.getByRole('listbox').isVisible()).toBe(true);
    await expectNoSidewaysScroll(phone);
    await expectAccessible(phone);
  });

  it('leaves the form as it was without JavaScript: a plain search field', async () => {
    const plain = await web.page({ javaScript: false });
    await plain.goto(web.url('/'));
    expect(await plain.getByRole('combobox', { name: 'Поиск практик' }).count()).toBe(0);
    await plain.getByLabel('Поиск практик').fill('мнемотехника');
    await plain.getByRole('button', { name: 'Найти' }).click();
    await plain.waitForURL(/q=/);
    expect(await plain.locator('ol.hits > li').count()).toBeGreaterThan(0);
  });
});
