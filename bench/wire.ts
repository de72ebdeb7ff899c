/** What a page costs on the wire: its HTML and every stylesheet and script it links, compressed as asked. */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { App } from '../server/app.js';

export interface WireSize {
  /** The encoding the bank answered with. */
  encoding: string;
  htmlBytes: number;
  assets: string[];
  assetBytes: number;
  total: number;
}

/** Bytes of `url` and of every stylesheet and script it links, as a browser accepting only `encoding` gets them. */
export async function wireSize(app: App, url: string, encoding: 'br' | 'gzip'): Promise<WireSize> {
  const headers = { accept: 'text/html', 'accept-encoding': encoding };
  const page = await app.inject({ url, headers });
  if (page.statusCode !== 200) throw new Error(`${page.statusCode} for ${url}`);
  const answered = String(page.headers['content-encoding'] ?? 'identity');

  // The page arrives compressed; its links are read from the decoded text.
  const html = (
    answered === 'br'
      ? brotliDecompressSync(page.rawPayload)
      : answered === 'gzip'
        ? gunzipSync(page.rawPayload)
        : page.rawPayload
  ).toString('utf8');
  const assets = [...html.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"/g)].map((m) =>
    m[1]!.replaceAll('&amp;', '&'),
  );
  let assetBytes = 0;
  for (const asset of assets) {
    const res = await app.inject({ url: asset, headers });
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} for ${asset}`);
    assetBytes += res.rawPayload.length;
  }
  return {
    encoding: answered,
    htmlBytes: page.rawPayload.length,
    assets,
    assetBytes,
    total: page.rawPayload.length + assetBytes,
  };
}
