import { useState } from 'preact/hooks';
import { productByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { ProductSelect } from '../../components/catalog-pickers';
import { Field, FormError } from '../../components/field';
import { MoneyInput } from '../../components/money';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import './my-ledger.css';

type Ledger = Schemas['LedgerDto'];
type Money = Schemas['MoneyDto'];

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
const riel = (amount: string) => formatMoney({ amount, currency: 'KHR' });
const productName = (code: string | null) => (code ? nameOf(productByCode(code)) || code : t('ledger.noProduct'));

/** Today in Cambodia (UTC+7 all year), YYYY-MM-DD. */
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * The organization's own books (issue 18): its sales and purchases on Psar beside the costs
 * and market sales it writes down here, so that a producer sees its margin, not just its turnover.
 */
export function MyLedgerPage() {
  const acting = useActingOrganization();
  if (!acting.ready) return acting.view;
  return <MyLedger organizationId={acting.organization.organizationId} organizationName={acting.organization.organizationName} />;
}

function MyLedger({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  useCatalog();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const ledger = useData(
    () => ok(api.GET('/api/v1/organizations/{id}/ledger', { params: { path: { id: organizationId }, query: period } })),
    [organizationId, period.from, period.to],
  );
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);

  const download = async () => {
    setDownloadError(null);
    try {
      // The file needs the member's token, so it comes through the client and is saved from memory.
      const result = await api.GET('/api/v1/organizations/{id}/ledger.csv', { params: { path: { id: organizationId }, query: period }, parseAs: 'blob' });
      const blob = await ok(Promise.resolve(result));
      const named = /filename="([^"]+)"/.exec(result.response.headers.get('content-disposition') ?? '')?.[1];
      const url = URL.createObjectURL(blob as unknown as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = named ?? 'ledger.csv';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setDownloadError(asApiError(e));
    }
  };

  return (
    <section class="my-ledger">
      <h1>{t('ledger.title')}</h1>
      <p class="lead">{organizationName}</p>
      <p class="muted">{t('ledger.intro')}</p>
      <form
        class="row wrap ledger-period"
        onSubmit={(e) => {
          e.preventDefault();
          setPeriod({ from: from || undefined, to: to || undefined });
        }}
      >
        <Field id="ledger-from" label={t('ledger.from')} name="from" error={ledger.error}>
          {(props) => <input {...props} type="date" value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="ledger-to" label={t('ledger.to')} name="to" error={ledger.error}>
          {(props) => <input {...props} type="date" value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <button type="submit" class="secondary">
          {t('ledger.show')}
        </button>
      </form>
      <LoadState loading={ledger.loading && !ledger.data} error={ledger.data ? null : ledger.error} />
      {ledger.data && (
        <>
          <p class="muted">{t('ledger.period', { from: formatDate(ledger.data.from), to: formatDate(ledger.data.to) })}</p>
          <Totals ledger={ledger.data} />
          <Months ledger={ledger.data} />
          <Products ledger={ledger.data} />
          <Customers ledger={ledger.data} />
          <p>
            <button type="button" class="secondary" onClick={() => void download()}>
              {t('ledger.download')}
            </button>
          </p>
          <FormError error={downloadError} />
        </>
      )}
      <AddEntry organizationId={organizationId} onAdded={ledger.reload} />
      {ledger.data && <Lines organizationId={organizationId} ledger={ledger.data} onRemoved={ledger.reload} />}
    </section>
  );
}

function Totals({ ledger }: { ledger: Ledger }) {
  return (
    <dl class="ledger-totals" aria-label={t('ledger.totals')}>
      {(['sales', 'purchases', 'costs', 'margin'] as const).map((key) => (
        <div key={key}>
          <dt>{t(`ledger.${key}` as MessageKey)}</dt>
          <dd class={key === 'margin' && ledger.totals.margin.startsWith('-') ? 'negative' : undefined}>{riel(ledger.totals[key])}</dd>
        </div>
      ))}
    </dl>
  );
}

function Months({ ledger }: { ledger: Ledger }) {
  return (
    <section aria-labelledby="ledger-months">
      <h2 id="ledger-months">{t('ledger.byMonth')}</h2>
      {/* Focusable, so that a keyboard can scroll it sideways on a phone. */}
      <div class="table-scroll" tabIndex={0}>
        <table class="ledger-table">
          <thead>
            <tr>
              <th scope="col">{t('ledger.month')}</th>
              <th scope="col">{t('ledger.sales')}</th>
              <th scope="col">{t('ledger.purchases')}</th>
              <th scope="col">{t('ledger.costs')}</th>
              <th scope="col">{t('ledger.margin')}</th>
            </tr>
          </thead>
          <tbody>
            {/* Months with nothing in them would make a phone's table a year long. */}
            {ledger.months
              .filter((m) => m.sales !== '0' || m.purchases !== '0' || m.costs !== '0')
              .map((m) => {
                const [year, month] = m.month.split('-');
                return (
                  <tr key={m.month}>
                    <th scope="row">{t('eventMine.month', { month: t(`month.${Number(month)}` as MessageKey), year: year! })}</th>
                    <td>{riel(m.sales)}</td>
                    <td>{riel(m.purchases)}</td>
                    <td>{riel(m.costs)}</td>
                    <td>{riel(m.margin)}</td>
                  </tr>
                );
              })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Products({ ledger }: { ledger: Ledger }) {
  if (ledger.products.length === 0) return null;
  return (
    <section aria-labelledby="ledger-products">
      <h2 id="ledger-products">{t('ledger.byProduct')}</h2>
      <div class="table-scroll" tabIndex={0}>
        <table class="ledger-table">
          <thead>
            <tr>
              <th scope="col">{t('ledger.product')}</th>
              <th scope="col">{t('ledger.sales')}</th>
              <th scope="col">{t('ledger.costs')}</th>
              <th scope="col">{t('ledger.margin')}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.products.map((p) => (
              <tr key={p.productCode ?? 'none'}>
                <th scope="row">{productName(p.productCode)}</th>
                <td>{riel(p.sales)}</td>
                <td>{riel(p.costs)}</td>
                <td>{riel(p.margin)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Customers({ ledger }: { ledger: Ledger }) {
  if (ledger.bestCustomers.length === 0) return null;
  return (
    <section aria-labelledby="ledger-customers">
      <h2 id="ledger-customers">{t('ledger.bestCustomers')}</h2>
      <ol class="ledger-customers">
        {ledger.bestCustomers.map((c) => (
          <li key={c.organizationId ?? c.name}>
            {c.organizationId ? <a href={`/organizations/${c.organizationId}`}>{c.name}</a> : c.name} — {riel(c.sales)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function AddEntry({ organizationId, onAdded }: { organizationId: string; onAdded: () => void }) {
  const [kind, setKind] = useState<'cost' | 'sale'>('cost');
  const [date, setDate] = useState(today());
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState<Money>({ amount: '', currency: 'KHR' });
  const [productCode, setProductCode] = useState('');
  const [counterpart, setCounterpart] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      await ok(
        api.POST('/api/v1/organizations/{id}/ledger-entries', {
          params: { path: { id: organizationId } },
          body: { kind, date, description, amount, productCode: productCode || undefined, counterpart: counterpart || undefined },
        }),
      );
      setDescription('');
      setAmount({ ...amount, amount: '' });
      setCounterpart('');
      setSaved(true);
      onAdded();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="ledger-add">
      <h2 id="ledger-add">{t('ledger.add')}</h2>
      <form class="card" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset class="choices">
          <legend>{t('ledger.kind')}</legend>
          {(['cost', 'sale'] as const).map((k) => (
            <label key={k} class="check">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`ledger.kind.${k}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <Field id="entry-date" label={t('ledger.date')} name="date" error={error}>
          {(props) => <input {...props} type="date" value={date} onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="entry-description" label={t('ledger.description')} name="description" error={error} hint={t(kind === 'cost' ? 'ledger.descriptionHint.cost' : 'ledger.descriptionHint.sale')}>
          {(props) => <input {...props} value={description} maxLength={200} onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <Field id="entry-amount" label={t('ledger.amount')} name="amount.amount" error={error}>
          {(props) => <MoneyInput {...props} name="amount" value={amount} onChange={setAmount} />}
        </Field>
        <Field id="entry-product" label={t('ledger.forProduct')} name="productCode" error={error}>
          {(props) => <ProductSelect {...props} allowAny value={productCode} onChange={setProductCode} />}
        </Field>
        {kind === 'sale' && (
          <Field id="entry-counterpart" label={t('ledger.soldTo')} name="counterpart" error={error}>
            {(props) => <input {...props} value={counterpart} maxLength={200} onInput={(e) => setCounterpart((e.currentTarget as HTMLInputElement).value)} />}
          </Field>
        )}
        <FormError error={error && error.fieldErrors.length === 0 ? error : null} />
        {saved && <p role="status">{t('ledger.added')}</p>}
        <button type="submit" disabled={busy}>
          {t('ledger.addSubmit')}
        </button>
      </form>
    </section>
  );
}

function Lines({ organizationId, ledger, onRemoved }: { organizationId: string; ledger: Ledger; onRemoved: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const remove = async (entryId: string) => {
    setError(null);
    try {
      await ok(api.DELETE('/api/v1/organizations/{id}/ledger-entries/{entryId}', { params: { path: { id: organizationId, entryId } } }));
      onRemoved();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  return (
    <section aria-labelledby="ledger-lines">
      <h2 id="ledger-lines">{t('ledger.lines')}</h2>
      <FormError error={error} />
      {ledger.lines.length === 0 && <p class="muted">{t('ledger.none')}</p>}
      <ul class="cards ledger-lines">
        {ledger.lines.map((line) => (
          <li key={line.id} class="card">
            <p class="row wrap">
              <span class="badge">{t(`ledger.line.${line.kind}` as MessageKey)}</span>
              <span>{formatDate(line.date)}</span>
              <strong>{formatMoney(line.amount)}</strong>
            </p>
            <p>
              {line.source === 'deal'
                ? t('ledger.dealLine', { product: productName(line.productCode), quantity: formatNumber(Number(line.quantity ?? 0)), who: line.counterpart.name ?? '' })
                : line.description}
            </p>
            {line.source === 'deal' ? (
              <p>
                <a href={`/deals/${line.id}`}>{t('ledger.openDeal')}</a>
              </p>
            ) : (
              <p class="row wrap">
                {line.productCode && <span class="muted">{productName(line.productCode)}</span>}
                {line.counterpart.name && <span class="muted">{line.counterpart.name}</span>}
                <button type="button" class="secondary" onClick={() => void remove(line.id)} aria-label={t('ledger.removeEntry', { what: line.description ?? '' })}>
                  {t('ledger.remove')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
