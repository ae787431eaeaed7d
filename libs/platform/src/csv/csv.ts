/** Excel reads a file as UTF-8 (Khmer names intact) only when it starts with the byte order mark. */
const BOM = '\uFEFF';

/**
 * A spreadsheet file people download (attendance sheets, ledgers): the byte order mark, then
 * the rows, CRLF line ends as RFC 4180 has them.
 */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return BOM + rows.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Quoted when it holds a comma, quote or line break; a name starting with = + - @ (or a tab
 * or carriage return) is prefixed with ' so a spreadsheet shows it rather than running it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
