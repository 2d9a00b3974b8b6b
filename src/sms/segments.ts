// How many SMS parts a text takes. GSM-7 (3GPP TS 23.038 basic set; the extension-table
// characters cost two septets): 160 in one part, 153 per part of a longer message. Any
// other character makes the whole message UCS-2: 70 in one part, 67 per part, counted
// in UTF-16 code units (an emoji takes two).

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  readonly encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  readonly units: number;
  readonly segments: number;
  /** Left in the last part before another is needed. */
  readonly remaining: number;
}

export function countSegments(text: string): SegmentCount {
  let septets = 0;
  for (const char of text) {
    if (basic.has(char)) septets += 1;
    else if (extended.has(char)) septets += 2;
    else return count('UCS-2', text.length, 70, 67);
  }
  return count('GSM-7', septets, 160, 153);
}

function count(encoding: SmsEncoding, units: number, single: number, perPart: number): SegmentCount {
  if (units <= single) return { encoding, units, segments: units === 0 ? 0 : 1, remaining: single - units };
  const segments = Math.ceil(units / perPart);
  return { encoding, units, segments, remaining: segments * perPart - units };
}
