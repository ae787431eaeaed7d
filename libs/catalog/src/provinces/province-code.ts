import { Matches } from 'class-validator';

/** ISO 3166-2:KH, e.g. KH-12 for Phnom Penh. Whether the province exists is the catalog's call. */
export const PROVINCE_CODE_PATTERN = /^KH-[0-9]{1,2}$/;

export const IsProvinceCode = (): PropertyDecorator =>
  Matches(PROVINCE_CODE_PATTERN, { message: '$property must be a province code like KH-14' });
