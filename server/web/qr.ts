/** QR codes drawn by the bank itself: a printed practice page leads back to its permalink with no outside service. */
import QRCode from 'qrcode';

/** An SVG QR code of `url`, black on white with the quiet zone scanners need. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
