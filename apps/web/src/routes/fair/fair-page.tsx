import { useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { FloorPlan, type Stall } from '../../components/floor-plan/floor-plan';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { MessageButton } from '../../components/message-button';
import { formatDateTime, formatMoney } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { currentMembership, signedIn } from '../../session/session';
import { fairDates } from '../my-fairs/fair-dates';
import { ShowcasePicker } from './showcase-picker';
import './fair.css';

type Fair = Schemas['TradeFairDetailDto'];
type Exhibitor = Schemas['ExhibitorDto'];
type Outcome = { kind: 'requested'; code: string } | { kind: 'taken'; code: string } | null;

/** A fair's public page: when and where, its floor plan and free stalls, its exhibitors and what they show. */
export function FairPage() {
  useCatalog();
  const { params } = useRoute();
  const id = params.id!;
  const fair = useData(() => ok(api.GET('/api/v1/trade-fairs/{id}', { params: { path: { id } } })), [id], `fair:${id}`);
  const [chosen, setChosen] = useState<Stall | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const f = fair.data;
  if (!f) return <LoadState loading={fair.loading} error={fair.error} />;
  const free = f.stalls.filter((s) => s.availability === 'free');
  const choose = (stall: Stall) => {
    setOutcome(null);
    setChosen(stall);
  };
  const done = (result: Outcome) => {
    setChosen(null);
    setOutcome(result);
    fair.reload();
  };
  return (
    <article class="fair-page">
      <h1>{f.name}</h1>
      <dl class="terms">
        <dt>{t('fair.when')}</dt>
        <dd>{fairDates(f)}</dd>
        <dt>{t('fair.venue')}</dt>
        <dd>
          {f.venue} · {nameOf(provinceByCode(f.provinceCode)) || f.provinceCode}
        </dd>
        <dt>{t('fair.organizer')}</dt>
        <dd>
          <a href={`/organizations/${f.organizer.id}`}>{f.organizer.name}</a>
        </dd>
        <dt>{t('fair.applications')}</dt>
        <dd>{f.acceptingApplications ? t('fair.applicationsUntil', { date: formatDateTime(f.applicationsCloseAt) }) : t('fair.notAccepting')}</dd>
      </dl>
      {f.description && <p class="description">{f.description}</p>}
      <MessageButton about={{ type: 'trade_fair', id: f.id }} to={{ organizationId: f.organizer.id }} label={t('messages.toOrganizer')} subject={f.name} />

      <section aria-labelledby="plan-heading">
        <h2 id="plan-heading">{t('fair.plan.title')}</h2>
        {f.stalls.length === 0 ? (
          <p class="muted">{t('fair.plan.empty')}</p>
        ) : (
          <>
            <p class="hint">{f.acceptingApplications ? t('fair.plan.hint') : t('fair.plan.hintClosed')}</p>
            <FloorPlan plan={f.floorPlan} stalls={f.stalls} onChoose={f.acceptingApplications ? choose : undefined} selectedId={chosen?.id} />
          </>
        )}
        <div aria-live="polite">
          {outcome?.kind === 'requested' && (
            <p class="request-ok" role="status">
              {t('fair.request.sent', { code: outcome.code })} <a href="/my/stall-bookings">{t('fair.request.follow')}</a>
            </p>
          )}
        </div>
        {outcome?.kind === 'taken' && (
          <p class="form-error" role="alert">
            {t('fair.request.taken', { code: outcome.code })}
          </p>
        )}
        {chosen && <RequestPanel key={chosen.id} fair={f} stall={chosen} onCancel={() => setChosen(null)} onDone={done} />}
      </section>

      {f.acceptingApplications && (
        <section aria-labelledby="free-heading">
          <h2 id="free-heading">{t('fair.free.title', { n: free.length })}</h2>
          {free.length === 0 ? (
            <p class="muted">{t('fair.free.none')}</p>
          ) : (
            <ul class="free-stalls">
              {free.map((s) => (
                <li key={s.id}>
                  <button type="button" class="secondary" aria-pressed={chosen?.id === s.id} onClick={() => choose(s)}>
                    <span class="stall-code-text">{s.code}</span>
                    <span>{[s.zone, t(`fair.stallType.${s.type}`), t('fair.size', { width: s.width, height: s.height }), formatMoney(s.price)].filter(Boolean).join(' · ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <Exhibitors fairId={f.id} />
    </article>
  );
}

function RequestPanel({ fair, stall, onCancel, onDone }: { fair: Fair; stall: Stall; onCancel: () => void; onDone: (o: Outcome) => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [showcase, setShowcase] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const organization = currentMembership.value;
  const here = `/fairs/${fair.id}`;
  // The panel opens below the plan: move there, so a screen reader (and the eye) follows.
  useEffect(() => heading.current?.focus(), []);

  const send = async () => {
    if (!organization) return;
    setBusy(true);
    setError(null);
    try {
      await ok(
        api.POST('/api/v1/trade-fairs/{id}/bookings', {
          params: { path: { id: fair.id } },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
          body: { stallId: stall.id, organizationId: organization.organizationId, showcase },
        }),
      );
      onDone({ kind: 'requested', code: stall.code });
    } catch (e) {
      const problem = e instanceof ApiError ? e : new ApiError(0, 'offline', '');
      if (problem.slug === 'stall-taken') onDone({ kind: 'taken', code: stall.code });
      else setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="request-panel card" aria-labelledby="request-heading">
      <h3 id="request-heading" tabIndex={-1} ref={heading}>
        {t('fair.request.title', { code: stall.code })}
      </h3>
      <p>
        {[stall.zone, t(`fair.stallType.${stall.type}`), t('fair.size', { width: stall.width, height: stall.height })].filter(Boolean).join(' · ')}
        <br />
        <strong>{formatMoney(stall.price)}</strong>
      </p>
      {!signedIn.value ? (
        <p>
          <a class="button" href={`/sign-in?next=${encodeURIComponent(here)}`}>
            {t('fair.request.signIn')}
          </a>
        </p>
      ) : !organization ? (
        <p>
          {t('fair.request.needOrganization')}{' '}
          <a class="button" href="/organizations/new">
            {t('offers.createOrganization')}
          </a>
        </p>
      ) : (
        <>
          <p class="muted">{t('fair.request.as', { organization: organization.organizationName })}</p>
          <ShowcasePicker id="request-showcase" organizationId={organization.organizationId} chosen={showcase} onChange={setShowcase} />
          <p class="hint">{t('fair.request.hold', { hours: fair.bookingHoldHours })}</p>
          <FormError error={error} />
          <div class="row wrap">
            <button type="button" onClick={send} disabled={busy}>
              {t('fair.request.confirm')}
            </button>
            <button type="button" class="secondary" onClick={onCancel}>
              {t('fair.request.cancel')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function Exhibitors({ fairId }: { fairId: string }) {
  const exhibitors = useData(() => ok(api.GET('/api/v1/trade-fairs/{id}/exhibitors', { params: { path: { id: fairId }, query: { limit: 100 } } })), [fairId], `fairExhibitors:${fairId}`);
  return (
    <section aria-labelledby="exhibitors-heading">
      <h2 id="exhibitors-heading">{t('fair.exhibitors.title')}</h2>
      <LoadState loading={exhibitors.loading && !exhibitors.data} error={exhibitors.error} />
      {exhibitors.data?.items.length === 0 && <p class="muted">{t('fair.exhibitors.none')}</p>}
      <ul class="cards">
        {exhibitors.data?.items.map((e) => <ExhibitorCard key={e.organization.id} exhibitor={e} />)}
      </ul>
    </section>
  );
}

function ExhibitorCard({ exhibitor }: { exhibitor: Exhibitor }) {
  const org = exhibitor.organization;
  const listings = useData(
    async () => (exhibitor.showcase.length === 0 ? [] : (await ok(api.GET('/api/v1/listings', { params: { query: { organizationId: org.id, limit: 100 } } }))).items),
    [org.id],
    `fairShowcase:${org.id}`,
  );
  const shown = exhibitor.showcase.map((listingId) => listings.data?.find((l) => l.id === listingId)).filter((l) => l !== undefined);
  return (
    <li class="card">
      <h3 class="card-title">
        <a href={`/organizations/${org.id}`}>{org.name}</a>
      </h3>
      <p class="muted">
        {t('fair.exhibitors.stalls', { codes: exhibitor.stalls.map((s) => s.code).join(', ') })} · {nameOf(provinceByCode(org.provinceCode)) || org.provinceCode}
      </p>
      {shown.length > 0 && (
        <>
          <p>{t('fair.exhibitors.shows')}</p>
          <ul class="showcase-links">
            {shown.map((l) => (
              <li key={l.id}>
                <a href={`/listings/${l.id}`}>{l.title}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}
