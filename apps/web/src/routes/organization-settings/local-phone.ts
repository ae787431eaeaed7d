/** A Cambodian number as people write it (+85512345678 → 012 345 678); other numbers as they are. */
export function localPhone(e164: string): string {
  const match = /^\+855(\d{8,9})$/.exec(e164);
  if (!match) return e164;
  const local = `0${match[1]}`;
  return `${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`;
}
