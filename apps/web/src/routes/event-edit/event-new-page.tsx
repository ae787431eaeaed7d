import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { catalog, loadCatalog } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Money, Schemas } from '../../api/types';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { Field } from '../../components/field';
import { MoneyInput } from '../../components/money';
import { useSignedIn } from '../../components/signed-in';
import { LocationPicker, useMyLocation } from '../../components/use-my-location';
import { formatDate, formatMoney, formatNumber } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { currentMembership, me } from '../../session/session';
import { asciiDigits } from '../check-in/check-in-code';
import { TrainingProblem } from '../training-edit/training-problem';
import { cambodiaDateTime } from '../training-edit/stop-time';
import { cambodiaDate } from '../trade/dates';
import { apiAmount, shareOfCost, sponsorPercent } from './cost-share';
import './event-edit.css';

type Kind = 'exposure_visit' | 'business_forum';
type Organization = Schemas['OrganizationDto'];

interface PointDraft {
  key: number;
  name: string;
  time: string;
  seats: string;
}
interface SessionDraft {
  key: number;
  date: string;
  start: string;
  end: string;
  province: string;
  venue: string;
  capacity: string;
  /** The venue on the map, when the phone gave it; else the province's centre. */
  location?: { lat: number; lng: number };
  points: PointDraft[];
}
interface TalkDraft {
  key: number;
  day: number;
  time: string;
  title: string;
  speaker: string;
}

let nextKey = 1;
const newPoint = (): PointDraft => ({ key: nextKey++, name: '', time: '', seats: '' });
const newSession = (): SessionDraft => ({ key: nextKey++, date: '', start: '', end: '', province: '', venue: '', capacity: '', points: [] });
const newTalk = (): TalkDraft => ({ key: nextKey++, day: 0, time: '', title: '', speaker: '' });

/** A whole number as typed (`12`, `១២`), or what was typed when it is not one: the API names the field. */
const wholeNumber = (text: string) => {
  const digits = asciiDigits(text.trim());
  return (/^\d+$/.test(digits) ? Number(digits) : digits) as number;
};

/**
 * A new exposure visit or business forum: who organizes and who hosts it, what it is about,
 * its dates (with a visit's meeting points and transport seats), a forum's talks, and the
 * cost per participant with the sponsor's share, the participant's part shown as it is typed.
 */
export function EventNewPage() {
  if (!useSignedIn()) return null;
  if (!me.value) return <p class="muted" role="status">{t('common.loading')}</p>;
  return <EventNewForm />;
}

function EventNewForm() {
  const { route, query } = useLocation();
  // A visit or a forum is organized by a manager of the organization, whatever its kind.
  const organizers = (me.value?.memberships ?? []).filter((m) => m.role !== 'member');
  const [kind, setKind] = useState<Kind>(query.kind === 'business_forum' ? 'business_forum' : 'exposure_visit');
  const [organizerId, setOrganizerId] = useState(
    organizers.find((m) => m.organizationId === currentMembership.value?.organizationId)?.organizationId ?? organizers[0]?.organizationId ?? '',
  );
  const [host, setHost] = useState<Organization | null>(null);
  const [valueChains, setValueChains] = useState<string[]>([]);
  const [sessions, setSessions] = useState<SessionDraft[]>(() => [newSession()]);
  const [agenda, setAgenda] = useState<TalkDraft[]>(() => [newTalk()]);
  const [cost, setCost] = useState<Money>({ amount: '', currency: 'KHR' });
  const [percent, setPercent] = useState('0');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  // One key for this form: sending it again after a lost answer creates nothing twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  useEffect(() => void loadCatalog().catch(() => undefined), []);

  if (organizers.length === 0) {
    return (
      <section class="narrow event-edit">
        <h1>{t('eventEdit.newTitle')}</h1>
        <p>{t('eventEdit.needManager')}</p>
        <a class="button" href="/organizations/new">
          {t('offers.createOrganization')}
        </a>
      </section>
    );
  }

  const visit = kind === 'exposure_visit';
  const setSession = (index: number, change: Partial<SessionDraft>) => setSessions((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const setPoint = (index: number, p: number, change: Partial<PointDraft>) =>
    setSession(index, { points: sessions[index]!.points.map((point, j) => (j === p ? { ...point, ...change } : point)) });
  const setTalk = (index: number, change: Partial<TalkDraft>) => setAgenda((all) => all.map((a, i) => (i === index ? { ...a, ...change } : a)));
  const share = cost.amount ? shareOfCost(cost.amount, cost.currency, percent) : null;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        api.POST('/api/v1/events', {
          body: {
            kind,
            organizationId: organizerId,
            ...(host ? { hostOrganizationId: host.id } : {}),
            title: text('title'),
            description: text('description') || undefined,
            valueChains,
            // Freed seats go to the waitlist strictly in order, the API's default.
            waitlistRule: 'strict_order',
            sessions: sessions.map((s) => ({
              startsAt: cambodiaDateTime(s.date, asciiDigits(s.start)),
              endsAt: cambodiaDateTime(s.date, asciiDigits(s.end)),
              provinceCode: s.province,
              venue: s.venue.trim(),
              capacity: wholeNumber(s.capacity),
              ...(s.location ? { location: s.location } : {}),
              ...(visit && s.points.length > 0
                ? { meetingPoints: s.points.map((p) => ({ name: p.name.trim(), departsAt: cambodiaDateTime(s.date, asciiDigits(p.time)), seats: wholeNumber(p.seats) })) }
                : {}),
            })),
            ...(!visit
              ? {
                  agenda: agenda
                    .filter((a) => a.title.trim() || a.speaker.trim() || a.time)
                    .map((a) => ({ startsAt: cambodiaDateTime(sessions[a.day]?.date ?? '', asciiDigits(a.time)), title: a.title.trim(), speaker: a.speaker.trim() })),
                }
              : {}),
            ...(cost.amount
              ? {
                  cost: {
                    perParticipant: { amount: apiAmount(cost.amount, cost.currency), currency: cost.currency },
                    sponsorSharePercent: sponsorPercent(percent) ?? (percent as unknown as number),
                  },
                }
              : {}),
          },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      );
      route(`/my/events/${created.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
      setBusy(false);
    }
  };

  const chainsError = error?.fieldMessage('valueChains');
  return (
    <section class="narrow event-edit">
      <p>
        <a href="/my/events">{t('eventMine.back')}</a>
      </p>
      <h1>{t('eventEdit.newTitle')}</h1>
      <form onSubmit={onSubmit} noValidate>
        <TrainingProblem error={error} />
        <fieldset class="choices">
          <legend>{t('event.kind')}</legend>
          {(['exposure_visit', 'business_forum'] as const).map((k) => (
            <label key={k} class="check">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`event.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <Field id="event-organizer" name="organizationId" label={t('event.organizer')} hint={t('eventEdit.organizerHint')} error={error}>
          {(props) => (
            <select {...props} value={organizerId} onChange={(e) => setOrganizerId((e.currentTarget as HTMLSelectElement).value)}>
              {organizers.map((m) => (
                <option key={m.organizationId} value={m.organizationId}>
                  {m.organizationName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <HostPicker host={host} onChange={setHost} error={error} />
        <Field id="event-title" name="title" label={t('eventEdit.title')} hint={visit ? t('eventEdit.titleHintVisit') : t('eventEdit.titleHintForum')} error={error}>
          {(props) => <input {...props} maxLength={200} required />}
        </Field>
        <Field id="event-description" name="description" label={visit ? t('eventEdit.shown') : t('eventEdit.about')} hint={visit ? t('eventEdit.shownHint') : undefined} error={error}>
          {(props) => <textarea {...props} rows={4} maxLength={4000} />}
        </Field>
        <fieldset class="choices" aria-describedby={chainsError ? 'event-chains-error' : undefined}>
          <legend>{t('training.valueChains')}</legend>
          {chainsError && (
            <p class="field-error" id="event-chains-error">
              {chainsError}
            </p>
          )}
          {catalog.value?.valueChains.map((chain) => (
            <label key={chain.code} class="check">
              <input
                type="checkbox"
                name="valueChains"
                value={chain.code}
                checked={valueChains.includes(chain.code)}
                onChange={(e) =>
                  setValueChains((e.currentTarget as HTMLInputElement).checked ? [...valueChains, chain.code] : valueChains.filter((c) => c !== chain.code))
                }
              />
              {nameOf(chain)}
            </label>
          ))}
        </fieldset>

        <h2>{t('eventEdit.sessionsTitle')}</h2>
        {sessions.map((session, i) => {
          const field = `sessions[${i}]`;
          const id = `session-${session.key}`;
          return (
            <fieldset key={session.key} class="event-session">
              <legend>{t('eventEdit.sessionN', { n: formatNumber(i + 1) })}</legend>
              <Field id={`${id}-date`} name={`${field}.startsAt`} label={t('supplierTraining.stopDate')} error={error}>
                {(props) => <input {...props} name="date" type="date" min={cambodiaDate(0)} value={session.date} onInput={(e) => setSession(i, { date: (e.currentTarget as HTMLInputElement).value })} required />}
              </Field>
              <div class="stop-times">
                <Field id={`${id}-start`} name={`${field}.startTime`} label={t('supplierTraining.stopStart')} error={error}>
                  {(props) => <input {...props} type="time" value={session.start} onInput={(e) => setSession(i, { start: (e.currentTarget as HTMLInputElement).value })} required />}
                </Field>
                <Field id={`${id}-end`} name={`${field}.endsAt`} label={t('supplierTraining.stopEnd')} error={error}>
                  {(props) => <input {...props} name="endTime" type="time" value={session.end} onInput={(e) => setSession(i, { end: (e.currentTarget as HTMLInputElement).value })} required />}
                </Field>
              </div>
              <Field id={`${id}-province`} name={`${field}.provinceCode`} label={t('supplierTraining.stopProvince')} error={error}>
                {(props) => <ProvinceSelect {...props} value={session.province} onChange={(province) => setSession(i, { province })} required />}
              </Field>
              <Field id={`${id}-venue`} name={`${field}.venue`} label={t('supplierTraining.stopVenue')} hint={visit ? t('eventEdit.venueHintVisit') : undefined} error={error}>
                {(props) => <input {...props} maxLength={200} value={session.venue} onInput={(e) => setSession(i, { venue: (e.currentTarget as HTMLInputElement).value })} required />}
              </Field>
              <Field id={`${id}-capacity`} name={`${field}.capacity`} label={t('supplierTraining.stopSeats')} error={error}>
                {(props) => <input {...props} inputMode="numeric" value={session.capacity} onInput={(e) => setSession(i, { capacity: (e.currentTarget as HTMLInputElement).value })} required />}
              </Field>
              <SessionPlace onChange={(location) => setSession(i, { location })} />
              {visit && (
                <div class="meeting-points">
                  <h3>{t('eventEdit.pointsTitle')}</h3>
                  <p class="hint">{t('eventEdit.pointsHint')}</p>
                  {session.points.map((point, p) => {
                    const pointField = `${field}.meetingPoints[${p}]`;
                    const pid = `point-${point.key}`;
                    return (
                      <fieldset key={point.key} class="meeting-point">
                        <legend>{t('eventEdit.pointN', { n: formatNumber(p + 1) })}</legend>
                        <Field id={`${pid}-name`} name={`${pointField}.name`} label={t('eventEdit.pointName')} error={error}>
                          {(props) => <input {...props} maxLength={200} value={point.name} onInput={(e) => setPoint(i, p, { name: (e.currentTarget as HTMLInputElement).value })} required />}
                        </Field>
                        <div class="stop-times">
                          <Field id={`${pid}-time`} name={`${pointField}.departsAt`} label={t('eventEdit.pointDeparts')} error={error}>
                            {(props) => <input {...props} type="time" value={point.time} onInput={(e) => setPoint(i, p, { time: (e.currentTarget as HTMLInputElement).value })} required />}
                          </Field>
                          <Field id={`${pid}-seats`} name={`${pointField}.seats`} label={t('eventEdit.pointSeats')} error={error}>
                            {(props) => <input {...props} inputMode="numeric" value={point.seats} onInput={(e) => setPoint(i, p, { seats: (e.currentTarget as HTMLInputElement).value })} required />}
                          </Field>
                        </div>
                        <button type="button" class="secondary" onClick={() => setSession(i, { points: session.points.filter((_, j) => j !== p) })}>
                          {t('eventEdit.removePoint', { n: formatNumber(p + 1) })}
                        </button>
                      </fieldset>
                    );
                  })}
                  <button type="button" class="secondary" onClick={() => setSession(i, { points: [...session.points, newPoint()] })}>
                    {t('eventEdit.addPoint')}
                  </button>
                </div>
              )}
              {sessions.length > 1 && (
                <button type="button" class="secondary" onClick={() => setSessions((all) => all.filter((_, j) => j !== i))}>
                  {t('eventEdit.removeSession', { n: formatNumber(i + 1) })}
                </button>
              )}
            </fieldset>
          );
        })}
        <p>
          <button type="button" class="secondary" onClick={() => setSessions((all) => [...all, newSession()])}>
            {t('eventEdit.addSession')}
          </button>
        </p>

        {!visit && (
          <>
            <h2>{t('event.agendaTitle')}</h2>
            <p class="hint">{t('eventEdit.agendaHint')}</p>
            {agenda.map((talk, i) => {
              const field = `agenda[${i}]`;
              const id = `talk-${talk.key}`;
              return (
                <fieldset key={talk.key} class="event-talk">
                  <legend>{t('eventEdit.talkN', { n: formatNumber(i + 1) })}</legend>
                  {sessions.length > 1 && (
                    <div class="field">
                      <label for={`${id}-day`}>{t('eventEdit.talkDay')}</label>
                      <select id={`${id}-day`} value={String(talk.day)} onChange={(e) => setTalk(i, { day: Number((e.currentTarget as HTMLSelectElement).value) })}>
                        {sessions.map((s, j) => (
                          <option key={s.key} value={String(j)}>
                            {s.date ? formatDate(`${s.date}T12:00:00+07:00`) : t('eventEdit.sessionN', { n: formatNumber(j + 1) })}
                          </option>
                        ))}
                      </select>
                    </div>
                  )}
                  <Field id={`${id}-time`} name={`${field}.startsAt`} label={t('eventEdit.talkStarts')} error={error}>
                    {(props) => <input {...props} type="time" value={talk.time} onInput={(e) => setTalk(i, { time: (e.currentTarget as HTMLInputElement).value })} />}
                  </Field>
                  <Field id={`${id}-title`} name={`${field}.title`} label={t('eventEdit.talkTitle')} error={error}>
                    {(props) => <input {...props} maxLength={200} value={talk.title} onInput={(e) => setTalk(i, { title: (e.currentTarget as HTMLInputElement).value })} />}
                  </Field>
                  <Field id={`${id}-speaker`} name={`${field}.speaker`} label={t('eventEdit.talkSpeaker')} error={error}>
                    {(props) => <input {...props} maxLength={200} value={talk.speaker} onInput={(e) => setTalk(i, { speaker: (e.currentTarget as HTMLInputElement).value })} />}
                  </Field>
                  {agenda.length > 1 && (
                    <button type="button" class="secondary" onClick={() => setAgenda((all) => all.filter((_, j) => j !== i))}>
                      {t('eventEdit.removeTalk', { n: formatNumber(i + 1) })}
                    </button>
                  )}
                </fieldset>
              );
            })}
            <p>
              <button type="button" class="secondary" onClick={() => setAgenda((all) => [...all, newTalk()])}>
                {t('eventEdit.addTalk')}
              </button>
            </p>
          </>
        )}

        <h2>{t('event.costTitle')}</h2>
        <Field id="event-cost" name="cost.perParticipant" label={t('eventEdit.costPer')} hint={t('eventEdit.costHint')} error={error}>
          {(props) => <MoneyInput {...props} value={cost} onChange={setCost} />}
        </Field>
        <Field id="event-sponsor" name="cost.sponsorSharePercent" label={t('eventEdit.sponsorPercent')} hint={t('eventEdit.sponsorHint')} error={error}>
          {(props) => <input {...props} inputMode="numeric" value={percent} onInput={(e) => setPercent((e.currentTarget as HTMLInputElement).value)} />}
        </Field>
        <p class="event-you-pay" role="status">
          {!cost.amount
            ? t('eventEdit.free')
            : share
              ? t('eventEdit.youPay', { share: formatMoney(share.participant), sponsored: formatMoney(share.sponsored) })
              : t('eventEdit.costIncomplete')}
        </p>

        <button type="submit" disabled={busy}>
          {visit ? t('eventEdit.createVisit') : t('eventEdit.createForum')}
        </button>
      </form>
    </section>
  );
}

/** The venue's place on the map from the phone (standing at the farm or the hall), else the province's centre. */
function SessionPlace({ onChange }: { onChange: (location: { lat: number; lng: number } | undefined) => void }) {
  const picker = useMyLocation();
  const { lat, lng } = picker.location ?? {};
  useEffect(() => onChange(lat === undefined || lng === undefined ? undefined : { lat, lng }), [lat, lng]);
  return <LocationPicker legend={t('supplierTraining.stopPlace')} picker={picker} />;
}

/** Any organization of the directory as the host (its kiln, its farm, its hall), found by name; none by default. */
function HostPicker({ host, onChange, error }: { host: Organization | null; onChange: (host: Organization | null) => void; error: ApiError | null }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Organization[] | null>(null);
  const [searchError, setSearchError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const message = error?.fieldMessage('hostOrganizationId');

  const search = async () => {
    setBusy(true);
    setSearchError(null);
    try {
      const page = await ok(api.GET('/api/v1/organizations', { params: { query: { q: q.trim() || undefined, limit: 10 } } }));
      setFound(page.items);
    } catch (e) {
      setSearchError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset class="event-host" aria-describedby={message ? 'event-host-error' : undefined}>
      <legend>{t('eventEdit.hostTitle')}</legend>
      <p class="hint">{t('eventEdit.hostHint')}</p>
      {message && (
        <p class="field-error" id="event-host-error">
          {message}
        </p>
      )}
      {host ? (
        <p class="row wrap">
          <span>{t('eventEdit.hostChosen', { name: host.name })}</span>
          <button type="button" class="secondary" onClick={() => onChange(null)}>
            {t('eventEdit.hostRemove')}
          </button>
        </p>
      ) : (
        <>
          <div class="field">
            <label for="event-host-q">{t('eventEdit.hostSearch')}</label>
            <input
              id="event-host-q"
              value={q}
              onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => {
                // Enter searches here rather than sending the whole form.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void search();
                }
              }}
            />
          </div>
          <button type="button" class="secondary" disabled={busy} onClick={() => void search()}>
            {t('eventEdit.hostFind')}
          </button>
          <TrainingProblem error={searchError} />
          {found && found.length === 0 && <p role="status">{t('eventEdit.hostNone')}</p>}
          {found && found.length > 0 && (
            <ul class="invite-results">
              {found.map((org) => (
                <li key={org.id}>
                  <span>{org.name}</span>
                  <button type="button" class="secondary" onClick={() => onChange(org)}>
                    {t('eventEdit.hostChoose', { name: org.name })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </fieldset>
  );
}
