/**
 * Rules for a message body, shared by REST and the socket. Lengths count code points, as
 * Postgres's char_length does (Khmer letters and signs are one each). The text is stored
 * exactly as sent: no trimming, no Unicode normalization, which could reorder Khmer marks.
 */
export const MAX_BODY_CHARS = 4000;

// Postgres text cannot hold NUL; other control characters (except tab and line breaks) are never typed by people.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function bodyProblem(body: unknown): string | null {
  if (typeof body !== 'string') return 'body must be a string';
  const length = [...body].length;
  if (length < 1 || length > MAX_BODY_CHARS) return `body must be 1 to ${MAX_BODY_CHARS} characters (got ${length})`;
  if (!/\S/u.test(body)) return 'body must not be only spaces';
  if (CONTROL_CHARACTERS.test(body)) return 'body must not contain control characters';
  return null;
}

/** Printable ASCII without spaces, as clients generate them (UUIDs, ULIDs). */
export const CLIENT_MESSAGE_ID_PATTERN = /^[\x21-\x7e]{1,100}$/;

// A message.created packet with its room names must fit in one Postgres NOTIFY (8,000
// bytes) to reach the other replicas without a detour through a table: longer bodies
// are sent cut, marked `truncated`, and fetched by id.
export const INLINE_BODY_MAX_BYTES = 3000;
export const PREVIEW_CHARS = 280;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function inlineBody(body: string): { body: string; truncated: boolean } {
  if (Buffer.byteLength(body, 'utf8') <= INLINE_BODY_MAX_BYTES) return { body, truncated: false };
  // Cut between graphemes, so a Khmer consonant never loses its vowel sign or subscript.
  let preview = '';
  let chars = 0;
  for (const { segment } of graphemes.segment(body)) {
    const length = [...segment].length;
    if (chars + length > PREVIEW_CHARS) break;
    preview += segment;
    chars += length;
  }
  return { body: preview, truncated: true };
}
