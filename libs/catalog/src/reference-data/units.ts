export const UNITS = ['piece', 'kg', 'tonne', 'head', 'litre', 'm3'] as const;
export type Unit = (typeof UNITS)[number];
