/** A browser in miniature for inject tests of page forms: keeps its cookies, posts with the page's token. */
import type { App } from '../../server/app.js';

export const HTML = { accept: 'text/html' };
export const FORM = { 'content-type': 'application/x-www-form-urlencoded', ...HTML };
export const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
/** The live session cookie a response set, if any. */
export const sessionOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'pb_session' && c.value !== '');

export class FormBrowser {
  cookies = new Map<string, string>();
  constructor(private readonly app: App) {}
  private keep(res: { cookies: { name: string; value: string }[] }) {
    for (const c of res.cookies) {
      if (c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }
  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string) {
    const res = await this.app.inject({ url, headers: { ...HTML, cookie: this.cookie } });
    this.keep(res);
    return res;
  }
  /** Opens `page` for its token and posts `fields` to `action` (the page's own address unless said). */
  async submit(page: string, fields: Record<string, string>, action = page.split('?')[0]!) {
    const token = tokenIn((await this.get(page)).body);
    const res = await this.app.inject({
      method: 'POST',
      url: action,
      headers: { ...FORM, cookie: this.cookie },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });
    this.keep(res);
    return res;
  }
}
