/**
 * Video links of a practice as players that load only when asked: the page names the service and holds the
 * player's address; nothing is requested from RuTube, VK or YouTube until a person presses «Смотреть».
 */

export interface VideoEmbed {
  /** The service as a person knows it: «RuTube», «VK Видео», «YouTube». */
  service: string;
  /** The player's address for an iframe. */
  embedUrl: string;
}

/** The hosts the players come from: what the practice page's Content-Security-Policy lets frames load. */
export const PLAYER_ORIGINS = [
  'https://rutube.ru',
  'https://vkvideo.ru',
  'https://vk.com',
  'https://www.youtube-nocookie.com',
];

export const SERVICE_NAMES: Record<string, string> = { rutube: 'RuTube', vk: 'VK Видео', youtube: 'YouTube' };

/** The player of a video link, or undefined when the address is not one a player can be built from. */
export function videoEmbed(provider: string | null, url: string): VideoEmbed | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = parsed.pathname;
  if (provider === 'rutube') {
    const id = /^\/(?:video|play\/embed|shorts)\/([\w-]+)/.exec(path)?.[1];
    return id ? { service: 'RuTube', embedUrl: `https://rutube.ru/play/embed/${id}` } : undefined;
  }
  if (provider === 'vk') {
    const found =
      /^\/(?:video|clip)(-?\d+)_(\d+)/.exec(path) ?? /^video(-?\d+)_(\d+)/.exec(parsed.searchParams.get('z') ?? '');
    return found
      ? { service: 'VK Видео', embedUrl: `https://vkvideo.ru/video_ext.php?oid=${found[1]}&id=${found[2]}` }
      : undefined;
  }
  if (provider === 'youtube') {
    const id =
      parsed.hostname === 'youtu.be'
        ? path.slice(1).split('/')[0]
        : (parsed.searchParams.get('v') ?? /^\/(?:shorts|embed)\/([\w-]+)/.exec(path)?.[1]);
    return id && /^[\w-]{6,}$/.test(id)
      ? { service: 'YouTube', embedUrl: `https://www.youtube-nocookie.com/embed/${id}` }
      : undefined;
  }
  return undefined;
}

/**
 * What a video link is called on the page: its own name, unless that is only the address or the host
 * (then «Видео на RuTube»), so a screen reader never reads «rutube.ru rutube».
 */
export function videoTitle(name: string, provider: string | null, url: string): string {
  const service = (provider && SERVICE_NAMES[provider]) ?? 'внешнем сайте';
  const bare = name.trim().toLowerCase();
  let host = '';
  try {
    host = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    // not an address: the name is kept
  }
  const looksLikeAddress =
    bare === '' || bare === url.toLowerCase() || bare.replace(/^www\./, '') === host || /^https?:\/\//.test(bare);
  return looksLikeAddress ? `Видео на ${service}` : name.trim();
}
