/**
 * The deepest nesting of arrays and objects a JSON body may have. Our deepest DTO (an
 * offer's lines[].unitPrice) nests 3 levels; 32 leaves room for any honest client, and
 * stops a body built to make recursive code (class-transformer, class-validator, the
 * logger's serializers) overflow the stack: 100,000 nested arrays fit in 200 KB.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether JSON text nests deeper than `maxDepth`, found in one pass over the bytes, without
 * parsing and without recursion, so it costs microseconds even for a hostile body. Brackets
 * inside strings (escapes respected) do not count. Works on UTF-8 bytes as is: every byte of a
 * multi-byte character is >= 0x80, so it never looks like a quote, backslash or bracket.
 * Malformed JSON is left for the parser to refuse.
 */
export function exceedsJsonDepth(json: Buffer | string, maxDepth = MAX_JSON_DEPTH): boolean {
  const bytes = typeof json === 'string' ? Buffer.from(json) : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
