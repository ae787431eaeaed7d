import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Money, Schemas } from '../../api/types';
import { Field, FormError } from '../../components/field';
import { MessageButton } from '../../components/message-button';
import { QuotesReceived } from '../../components/quotes-received';
import { formatQuantity, MoneyInput, PerUnit } from '../../components/money';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { sendOrQueue } from '../../offline/outbox';
import { currentMembership } from '../../session/session';
import { editableMoney } from '../listing-edit/amount';
import { fromDateInput, toDateInput } from '../listing-edit/dates';
import { useSignedIn } from '../../components/signed-in';
import './quote.css';

type Demand = Schemas['DemandDto'];
type Listing = Schemas['ListingDto'];
interface Line {
  organizationId: string;
  listingId?: string;
  quantity: string;
  unitPrice: Money;
}

const GROUP_KINDS = ['cooperative', 'working_group'];

export function QuotePage() {
  const inside = useSignedIn();
  const { params, query } = useRoute();
  const demandId = params.id!;
  const listingId = query.listing;
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  const data = useData(async () => {
    const [demand, listing] = await Promise.all([
      ok(api.GET('/api/v1/demands/{id}', { params: { path: { id: demandId } } })),
      listingId ? ok(api.GET('/api/v1/listings/{id}', { params: { path: { id: listingId } } })) : Promise.resolve(null),
    ]);
    return { demand, listing };
  }, [demandId, listingId]);
  if (!inside) return null;
  const organization = currentMembership.value;
  return (
    <section class="narrow">
      <h1>{t('quote.title')}</h1>
      <LoadState loading={data.loading && !data.data} error={data.error} />
      {data.data && <DemandSummary demand={data.data.demand} />}
      {data.data && organization && !data.data.demand.takesQuotes && <p class="muted">{t('quote.closed')}</p>}
      {data.data && organization && data.data.demand.takesQuotes && <QuoteForm demand={data.data.demand} listing={data.data.listing} organizationId={organization.organizationId} organizationName={organization.organizationName} isGroup={GROUP_KINDS.includes(organization.kind)} />}
      {data.data && !organization && (
        <p>
          {t('my.noOrganization')} <a href="/organizations/new">{t('my.createOrganization')}</a>
        </p>
      )}
    </section>
  );
}

function DemandSummary({ demand }: { demand: Demand }) {
  return (
    <div class="card">
      <h2 class="card-title">{t('listing.matchTitle', { quantity: formatQuantity(demand.quantity, demand.unit), product: nameOf(productByCode(demand.productCode)) })}</h2>
      <p>{t('listing.matchBuyer', { name: demand.organization.name })}</p>
      <MessageButton
        about={{ type: 'demand', id: demand.id }}
        to={{ organizationId: demand.organizationId }}
        label={t('messages.toBuyer')}
        subject={t('listing.matchTitle', { quantity: formatQuantity(demand.quantity, demand.unit), product: nameOf(productByCode(demand.productCode)) })}
      />
      <p>{t('quote.deliverTo', { province: nameOf(provinceByCode(demand.deliveryProvinceCode)), date: formatDate(demand.neededBy) })}</p>
      {demand.qualityGrade && <p>{t('common.grade', { grade: demand.qualityGrade })}</p>}
      {demand.maxPrice && (
        <p>
          {t('listing.matchMaxPrice')} <PerUnit price={demand.maxPrice} unit={demand.unit} />
        </p>
      )}
      {demand.description && <p>{demand.description}</p>}
      <QuotesReceived demand={demand} />
    </div>
  );
}

function QuoteForm({ demand, listing, organizationId, organizationName, isGroup }: { demand: Demand; listing: Listing | null; organizationId: string; organizationName: string; isGroup: boolean }) {
  const { route } = useLocation();
  // A cooperative quotes with lines from its approved member firms.
  const members = useData(
    () => (isGroup ? ok(api.GET('/api/v1/organizations/{groupId}/member-organizations', { params: { path: { groupId: organizationId }, query: { limit: 100 } } })).then((p) => p.items) : Promise.resolve([])),
    [organizationId, isGroup],
  );
  const firstQuantity = listing ? String(Math.min(Number(listing.quantityRemaining), Number(demand.quantity))) : demand.quantity;
  const [lines, setLines] = useState<Line[]>([
    {
      organizationId: isGroup ? '' : organizationId,
      ...(listing && !isGroup ? { listingId: listing.id } : {}),
      quantity: firstQuantity,
      unitPrice: listing ? editableMoney(listing.price) : { amount: '', currency: demand.maxPrice?.currency ?? 'KHR' },
    },
  ]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (i: number, line: Partial<Line>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...line } : l)));

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const note = String(form.get('note') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const result = await sendOrQueue({
        method: 'POST',
        path: '/api/v1/offers',
        body: {
          kind: 'quote',
          organizationId,
          demandId: demand.id,
          lines: lines.map((l) => ({ ...l, quantity: l.quantity.trim() })),
          deliverBy: fromDateInput(String(form.get('deliverBy') ?? ''), 'end') ?? '',
          ...(note ? { note } : {}),
        },
        kind: 'offer',
        label: t('quote.label', { product: nameOf(productByCode(demand.productCode)), buyer: demand.organization.name }),
      });
      route(result.sent ? '/my/offers?sent=1' : '/my/offers?queued=1');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  const unitName = t(`unitName.${demand.unit}` as 'unitName.piece');
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <h2>{t('quote.yourQuote')}</h2>
      <FormError error={error} />
      {lines.map((line, i) => (
        <fieldset key={i} class="choices quote-line">
          <legend>{isGroup ? t('quote.lineOf', { n: i + 1 }) : t('quote.yourSupply')}</legend>
          {isGroup && (
            <Field id={`quote-firm-${i}`} name={`lines[${i}].organizationId`} label={t('quote.firm')} error={error}>
              {(props) => (
                <select {...props} value={line.organizationId} onChange={(e) => change(i, { organizationId: (e.currentTarget as HTMLSelectElement).value })} required>
                  <option value="">{t('common.choose')}</option>
                  {/* The cooperative's own stock, then its member firms'. */}
                  <option value={organizationId}>{organizationName}</option>
                  {members.data?.map((m) => (
                    <option key={m.organizationId} value={m.organizationId}>
                      {m.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {line.listingId && listing && <p class="hint">{t('quote.fromListing', { title: listing.title })}</p>}
          <Field id={`quote-quantity-${i}`} name={`lines[${i}].quantity`} label={t('quote.quantity')} hint={t('listingForm.inUnit', { unit: unitName })} error={error}>
            {(props) => <input {...props} inputMode="decimal" value={line.quantity} onInput={(e) => change(i, { quantity: (e.currentTarget as HTMLInputElement).value })} required />}
          </Field>
          <Field id={`quote-price-${i}`} name={`lines[${i}].unitPrice`} label={t('quote.price')} hint={t('listingForm.perUnit', { unit: unitName })} error={error}>
            {(props) => <MoneyInput {...props} value={line.unitPrice} onChange={(unitPrice) => change(i, { unitPrice })} />}
          </Field>
          {isGroup && lines.length > 1 && (
            <button type="button" class="secondary" onClick={() => setLines(lines.filter((_, j) => j !== i))}>
              {t('quote.removeLine', { n: i + 1 })}
            </button>
          )}
        </fieldset>
      ))}
      {isGroup && (
        <button type="button" class="secondary" onClick={() => setLines([...lines, { organizationId: '', quantity: '', unitPrice: { amount: '', currency: lines[0]?.unitPrice.currency ?? 'KHR' } }])}>
          {t('quote.addLine')}
        </button>
      )}
      <Field id="quote-deliver-by" name="deliverBy" label={t('quote.deliverBy')} error={error}>
        {(props) => <input {...props} type="date" defaultValue={toDateInput(demand.neededBy)} required />}
      </Field>
      <Field id="quote-note" name="note" label={t('quote.note')} hint={t('quote.optional')} error={error}>
        {(props) => <textarea {...props} rows={3} maxLength={2000} />}
      </Field>
      <button type="submit" disabled={busy}>
        {t('quote.send')}
      </button>
    </form>
  );
}
