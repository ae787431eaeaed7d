import { useRoute } from 'preact-iso';
import { provinceByCode, valueChainByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ListingCard } from '../../components/listing-card';
import { Photo } from '../../components/photo';
import { ReputationFigures, VerifiedBadge } from '../../components/reputation';
import { ReviewList } from '../../components/reviews';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { usePaged } from '../../components/use-paged';
import { formatDate } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import './organization.css';

/** An organization's public profile: who they are, their track record, listings and reviews. */
export function OrganizationPage() {
  useCatalog();
  const { params } = useRoute();
  const id = params.id!;
  const org = useData(() => ok(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })), [id], `organization:${id}`);
  const o = org.data;
  if (!o) return <LoadState loading={org.loading} error={org.error} />;
  return (
    <article class="organization-page">
      <h1>{o.name}</h1>
      <p>
        {o.verified && <VerifiedBadge />} <span class="muted">{t(`directory.kind.${o.kind}`)}</span>
      </p>
      <dl class="terms">
        <dt>{t('organization.where')}</dt>
        <dd>{[o.district, nameOf(provinceByCode(o.provinceCode))].filter(Boolean).join(', ')}</dd>
        {o.valueChains.length > 0 && (
          <>
            <dt>{t('organization.valueChains')}</dt>
            <dd>{o.valueChains.map((code) => nameOf(valueChainByCode(code)) || code).join(' · ')}</dd>
          </>
        )}
        <dt>{t('organization.does')}</dt>
        <dd>{o.capabilities.map((c) => t(`directory.capability.${c}`)).join(' · ')}</dd>
        {o.phone && (
          <>
            <dt>{t('organization.phone')}</dt>
            <dd>
              <a href={`tel:${o.phone.replace(/\s/g, '')}`}>{o.phone}</a>
            </dd>
          </>
        )}
        <dt>{t('organization.since')}</dt>
        <dd>{formatDate(o.createdAt)}</dd>
      </dl>
      {o.description && <p class="description">{o.description}</p>}
      {(o.kind === 'cooperative' || o.kind === 'working_group') && (
        <p class="group-link">
          <a href={`/groups/${o.id}`}>{t('group.membersAndForum')}</a>
        </p>
      )}
      {o.photos.length > 0 && (
        <ul class="org-photos">
          {o.photos.map((photo, i) => (
            <li key={photo.id}>
              <Photo photo={photo} alt={t('organization.photoN', { n: i + 1, name: o.name })} sizes="(min-width: 600px) 300px, 50vw" />
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="record-heading">
        <h2 id="record-heading">{t('organization.record')}</h2>
        <ReputationFigures reputation={o.reputation} />
      </section>
      <OrganizationListings organizationId={o.id} />
      <ReviewList organizationId={o.id} />
    </article>
  );
}

function OrganizationListings({ organizationId }: { organizationId: string }) {
  const listings = usePaged(
    (cursor) => ok(api.GET('/api/v1/listings', { params: { query: { organizationId, sort: 'newest', limit: 12, cursor } } })),
    [organizationId],
    `organization-listings:${organizationId}`,
  );
  return (
    <section aria-labelledby="org-listings-heading">
      <h2 id="org-listings-heading">{t('organization.listings')}</h2>
      <LoadState loading={listings.loading && listings.items.length === 0} error={listings.error} />
      {!listings.loading && !listings.error && listings.items.length === 0 && <p class="muted">{t('organization.noListings')}</p>}
      <ul class="cards">
        {listings.items.map((listing) => (
          <ListingCard key={listing.id} listing={listing} showSeller={false} />
        ))}
      </ul>
      {listings.hasMore && (
        <button type="button" class="secondary" onClick={listings.more}>
          {t('organization.moreListings')}
        </button>
      )}
    </section>
  );
}
