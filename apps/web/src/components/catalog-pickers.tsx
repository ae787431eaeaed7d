import { useEffect } from 'preact/hooks';
import { catalog, loadCatalog } from '../api/catalog';
import { nameOf, t } from '../i18n/i18n';

interface SelectProps {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  /** Offer "any" (for filters) rather than requiring a choice. */
  allowAny?: boolean;
  required?: boolean;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

function useCatalog() {
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  return catalog.value;
}

/** Products by value chain, in the current language. */
export function ProductSelect({ value, onChange, allowAny, ...rest }: SelectProps) {
  const data = useCatalog();
  return (
    <select {...rest} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">{allowAny ? t('common.any') : t('common.choose')}</option>
      {data?.valueChains.map((chain) => (
        <optgroup key={chain.code} label={nameOf(chain)}>
          {data.products
            .filter((p) => p.valueChain === chain.code)
            .map((p) => (
              <option key={p.code} value={p.code}>
                {nameOf(p)}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

// By the names' letters in Unicode order: the Khmer block is in the alphabet's order and
// the English names are plain Latin. (localeCompare made a collator at every comparison,
// and a collator loads the browser's collation data: a tenth of a second on a slow phone.)
function byName<T extends { nameKm: string; nameEn: string }>(things: readonly T[]): T[] {
  return things
    .map((thing) => [nameOf(thing), thing] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, thing]) => thing);
}

export function ProvinceSelect({ value, onChange, allowAny, ...rest }: SelectProps) {
  const data = useCatalog();
  const provinces = byName(data?.provinces ?? []);
  return (
    <select {...rest} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">{allowAny ? t('common.any') : t('common.choose')}</option>
      {provinces.map((p) => (
        <option key={p.code} value={p.code}>
          {nameOf(p)}
        </option>
      ))}
    </select>
  );
}

/** A product's quality grades (best first); empty when it is not graded. */
export function GradeSelect({ productCode, value, onChange, allowAny, ...rest }: SelectProps & { productCode: string }) {
  const data = useCatalog();
  const grades = data?.products.find((p) => p.code === productCode)?.grades ?? [];
  return (
    <select {...rest} value={value} disabled={grades.length === 0} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">{allowAny ? t('common.any') : t('common.noGrade')}</option>
      {grades.map((grade) => (
        <option key={grade} value={grade}>
          {t('common.grade', { grade })}
        </option>
      ))}
    </select>
  );
}
