import { nameOf, t } from '../../i18n/i18n';
import { useCatalog } from '../../components/use-catalog';

interface Props {
  id: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}

/** The catalog's value chains (swine, rice, clay tiles…), in the current language; "any" first. */
export function ValueChainSelect({ value, onChange, ...rest }: Props) {
  const data = useCatalog();
  const chains = [...(data?.valueChains ?? [])].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  return (
    <select {...rest} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">{t('common.any')}</option>
      {chains.map((chain) => (
        <option key={chain.code} value={chain.code}>
          {nameOf(chain)}
        </option>
      ))}
    </select>
  );
}
