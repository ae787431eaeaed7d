import QRCode from 'qrcode';

// M (15% recovery) survives a cracked or dusty phone screen at the door; margin 2 is enough for scanners.
const OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** The check-in code as a QR image; the QR holds the code itself, what staff would type. */
export function checkInQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { ...OPTIONS, type: 'png', scale: 8 });
}

export function checkInQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { ...OPTIONS, type: 'svg' });
}
