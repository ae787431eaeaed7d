import { useLocation } from 'preact-iso';
import { t, type MessageKey } from '../../i18n/i18n';
import { chooseOrganization, currentMembership, me, signOut } from '../../session/session';
import { useSignedIn } from '../../components/signed-in';
import { SmsSettings } from './sms-settings';
import './my.css';

export function MyPage() {
  const inside = useSignedIn();
  const { route } = useLocation();
  if (!inside) return null;
  const memberships = me.value?.memberships ?? [];
  const current = currentMembership.value;
  const sells = current?.capabilities.includes('sell') ?? false;
  const buys = current?.capabilities.includes('buy') ?? false;
  const organizesFairs = current?.capabilities.includes('organize_fairs') ?? false;

  const onSignOut = async () => {
    await signOut();
    route('/');
  };

  return (
    <section class="narrow my">
      <h1>{me.value ? t('my.hello', { name: me.value.user.name }) : t('my.title')}</h1>
      {me.value && memberships.length === 0 && (
        <p>
          {t('my.noOrganization')} <a href="/organizations/new">{t('my.createOrganization')}</a>
        </p>
      )}
      {memberships.length > 1 && (
        <div class="field">
          <label for="my-organization">{t('my.actingFor')}</label>
          <select id="my-organization" value={current?.organizationId ?? ''} onChange={(e) => chooseOrganization((e.currentTarget as HTMLSelectElement).value)}>
            {memberships.map((m) => (
              <option key={m.organizationId} value={m.organizationId}>
                {m.organizationName}
              </option>
            ))}
          </select>
        </div>
      )}
      {current && memberships.length === 1 && (
        <p>
          {t('my.actingFor')} <strong>{current.organizationName}</strong> ({t(`org.kind.${current.kind}` as MessageKey)}, {t(`my.role.${current.role}` as MessageKey)})
        </p>
      )}
      {current && (
        <ul class="tiles">
          {sells && (
            <li>
              <a href="/my/listings">{t('my.listings')}</a>
            </li>
          )}
          {sells && (
            <li>
              <a href="/my/listings/new">{t('my.newListing')}</a>
            </li>
          )}
          {buys && (
            <li>
              <a href="/my/demands">{t('my.demands')}</a>
            </li>
          )}
          {organizesFairs && (
            <li>
              <a href="/my/fairs">{t('fairOrganizer.myFairs')}</a>
            </li>
          )}
          {current.capabilities.includes('supply_inputs') && (
            <li>
              <a href="/my/trainings">{t('supplierTraining.myLink')}</a>
            </li>
          )}
          {current.role !== 'member' && (
            <li>
              <a href="/my/events">{t('eventMine.link')}</a>
            </li>
          )}
          <li>
            <a href="/my/offers">{t('my.offers')}</a>
          </li>
          <li>
            <a href="/my/deals">{t('my.deals')}</a>
          </li>
          <li>
            <a href="/my/ledger">{t('ledger.link')}</a>
          </li>
          <li>
            <a href="/my/stall-bookings">{t('fair.mine.title')}</a>
          </li>
          <li>
            <a href="/my/registrations">{t('training.myRegistrationsTitle')}</a>
          </li>
          <li>
            <a href="/my/reviews">{t('my.reviews')}</a>
          </li>
          <li>
            <a href="/notifications">{t('my.notifications')}</a>
          </li>
          <li>
            <a href={`/organizations/${current.organizationId}`}>{t('my.profile')}</a>
          </li>
          <li>
            <a href="/my/organization">{t('orgSettings.link')}</a>
          </li>
          {(current.kind === 'firm' || current.kind === 'cooperative') && current.role !== 'member' && (
            <li>
              <a href="/my/producers">{t('agents.link')}</a>
            </li>
          )}
          {(current.kind === 'cooperative' || current.kind === 'working_group') && (
            <li>
              <a href={`/groups/${current.organizationId}`}>{t('group.link')}</a>
            </li>
          )}
        </ul>
      )}
      <p>
        <a href="/organizations/new">{memberships.length > 0 ? t('my.anotherOrganization') : t('my.createOrganization')}</a>
      </p>
      {me.value && <SmsSettings />}
      <button type="button" class="secondary" onClick={() => void onSignOut()}>
        {t('my.signOut')}
      </button>
    </section>
  );
}
