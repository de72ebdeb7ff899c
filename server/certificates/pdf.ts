/**
 * The certificate of inclusion as a one-page A4 PDF, for a teacher's certification (аттестация): drawn by pdfkit
 * with DejaVu fonts from an npm package (embedded, so it reads the same on any machine and its text can be
 * copied and found), and a QR code of the page that verifies it.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
};

/** What a certificate states; every text is already in Russian as printed. */
export interface CertificateContent {
  registryNumber: string;
  title: string;
  authors: string[];
  organization: string | null;
  municipality: string | null;
  /** «30 ноября 2026 г.»: when the practice entered the bank (its first publication). */
  includedOn: string;
  /** «версия 2 от 3 декабря 2026 г.» when there is more than one, else null. */
  currentVersion: string | null;
  citation: string;
  verifyUrl: string;
  /** «30 ноября 2026 г.»: the day the certificate was made. */
  issuedOn: string;
  bankName: string;
}

const MARGIN = 56;
const INK = '#1a1a1a';
const MUTED = '#4d4d4d';

/** The PDF's bytes. */
export async function certificatePdf(content: CertificateContent): Promise<Buffer> {
  const qr = await QRCode.toBuffer(content.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, scale: 6 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: 'ru-RU',
    displayTitle: true,
    info: {
      Title: `Свидетельство о включении практики ${content.registryNumber} в банк`,
      Author: content.bankName,
      Subject: content.title,
      Keywords: content.registryNumber,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('sans', FONTS.sans);
  draw(doc, content, qr);
  doc.end();
  return done;
}

function draw(doc: PDFKit.PDFDocument, c: CertificateContent, qr: Buffer): void {
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;
  // A double frame, as printed certificates have.
  doc
    .lineWidth(1.5)
    .strokeColor('#2b4c7e')
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .stroke();
  doc
    .lineWidth(0.5)
    .rect(34, 34, doc.page.width - 68, doc.page.height - 68)
    .stroke();

  doc
    .fillColor(MUTED)
    .font('sans')
    .fontSize(10)
    .text(c.bankName.toUpperCase(), MARGIN, MARGIN + 8, {
      width,
      align: 'center',
      characterSpacing: 0.5,
    });
  doc.moveDown(2.2);
  doc.fillColor(INK).font('bold').fontSize(26).text('СВИДЕТЕЛЬСТВО', { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(13).text('о включении педагогической практики в региональный банк', {
    width,
    align: 'center',
  });
  doc.moveDown(1.4);
  doc.font('bold').fontSize(15).text(`Регистрационный номер ${c.registryNumber}`, { width, align: 'center' });
  doc.moveDown(1.2);

  // The title gets the room it needs: a long one is set smaller rather than pushed onto a second page.
  const title = `«${c.title}»`;
  let size = 19;
  doc.font('bold');
  while (size > 11 && doc.fontSize(size).heightOfString(title, { width, align: 'center' }) > 150) size -= 1;
  doc.fontSize(size).text(title, { width, align: 'center' });
  doc.moveDown(1.4);

  const facts: [string, string][] = [
    [c.authors.length > 1 ? 'Авторы' : 'Автор', c.authors.join(', ') || '—'],
    ['Организация', c.organization ?? '—'],
    ...(c.municipality ? ([['Муниципальное образование', c.municipality]] as [string, string][]) : []),
    ['Дата включения в банк', c.includedOn],
    ...(c.currentVersion ? ([['Действующая редакция', c.currentVersion]] as [string, string][]) : []),
  ];
  for (const [label, value] of facts) {
    doc.font('bold').fontSize(11.5).fillColor(INK).text(`${label}: `, MARGIN, doc.y, { continued: true, width });
    doc.font('regular').text(value, { width });
    doc.moveDown(0.35);
  }
  doc.moveDown(0.8);
  doc.font('bold').fontSize(10).text('Библиографическая ссылка (ГОСТ Р 7.0.100-2018):', MARGIN, doc.y, { width });
  doc.moveDown(0.2);
  doc.font('regular').fontSize(10).fillColor(MUTED).text(c.citation, { width, align: 'left' });

  // The QR code and the words beside it sit at the foot of the page whatever the text above took.
  const qrSize = 96;
  const qrTop = bottom - qrSize - 10;
  doc.image(qr, MARGIN, qrTop, { width: qrSize, height: qrSize });
  const textLeft = MARGIN + qrSize + 16;
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(10.5)
    .text('Проверить подлинность свидетельства:', textLeft, qrTop + 8, { width: width - qrSize - 16 });
  doc
    .font('sans')
    .fontSize(9.5)
    .fillColor('#1f4e9a')
    .text(c.verifyUrl, { width: width - qrSize - 16, link: c.verifyUrl });
  doc.moveDown(0.6);
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(MUTED)
    .text(`Дата выдачи: ${c.issuedOn}`, { width: width - qrSize - 16 });
}
