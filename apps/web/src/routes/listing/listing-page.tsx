import { useRoute } from 'preact-iso';
import { productByCode, provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { MessageButton } from '../../components/message-button';
import { formatQuantity, PerUnit } from '../../components/money';
import { Photo } from '../../components/photo';
import { ReputationFigures, VerifiedBadge } from '../../components/reputation';
import { ReviewList } from '../../components/reviews';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useData } from '../../components/use-data';
import { formatDate } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { signedIn } from '../../session/session';
import './listing.css';

/** A listing's public page: its photos and terms, and who sells it with their track record. */
export function ListingPage() {
  useCatalog();
  const { params } = useRoute();
  const id = params.id!;
  const listing = useData(() => ok(api.GET('/api/v1/listings/{id}', { params: { path: { id } } })), [id], `listing:${id}`);
  const l = listing.data;
  if (!l) return <LoadState loading={listing.loading} error={listing.error} />;
  const product = productByCode(l.productCode);
  const orderPath = `/listings/${l.id}/order`;
  return (
    <article class="listing-page">
      <h1>{l.title}</h1>
      {l.photos.length > 0 && (
        <div class="gallery">
          <Photo photo={l.photos[0]} alt={l.title} sizes="(min-width: 960px) 600px, 100vw" eager inlinePreview />
          {l.photos.length > 1 && (
            <ul class="thumbs">
              {l.photos.slice(1).map((photo, i) => (
                <li key={photo.id}>
                  <Photo photo={photo} alt={t('listingPage.photoN', { n: i + 2, title: l.title })} sizes="(min-width: 600px) 200px, 33vw" />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p class="price">
        <PerUnit price={l.price} unit={l.unit} />
      </p>
      <dl class="terms">
        <dt>{t('listingPage.product')}</dt>
        <dd>{nameOf(product) || l.productCode}</dd>
        {l.qualityGrade && (
          <>
            <dt>{t('listingPage.grade')}</dt>
            <dd>{t('common.grade', { grade: l.qualityGrade })}</dd>
          </>
        )}
        <dt>{t('listingPage.available')}</dt>
        <dd>{formatQuantity(l.quantityRemaining, l.unit)}</dd>
        {l.minOrderQuantity && (
          <>
            <dt>{t('listingPage.minOrder')}</dt>
            <dd>{formatQuantity(l.minOrderQuantity, l.unit)}</dd>
          </>
        )}
        <dt>{t('listingPage.province')}</dt>
        <dd>{nameOf(provinceByCode(l.provinceCode))}</dd>
        {l.agent && (
          <>
            <dt>{t('agents.agent')}</dt>
            <dd>
              <a href={`/organizations/${l.agent.organizationId}`}>{l.agent.name}</a>
            </dd>
          </>
        )}
        <dt>{t('listingPage.when')}</dt>
        <dd>
          {l.availableUntil
            ? t('listingPage.fromUntil', { from: formatDate(l.availableFrom), until: formatDate(l.availableUntil) })
            : t('listingPage.from', { from: formatDate(l.availableFrom) })}
        </dd>
      </dl>
      {l.description && <p class="description">{l.description}</p>}
      <p>
        {signedIn.value ? (
          <a class="button" href={orderPath}>
            {t('listingPage.order')}
          </a>
        ) : (
          <a class="button" href={`/sign-in?next=${encodeURIComponent(orderPath)}`}>
            {t('listingPage.signInToOrder')}
          </a>
        )}
      </p>
      <MessageButton about={{ type: 'listing', id: l.id }} to={{ organizationId: l.organizationId }} label={t('messages.toSeller')} subject={l.title} />
      <SellerProfile organizationId={l.organizationId} />
    </article>
  );
}

function SellerProfile({ organizationId }: { organizationId: string }) {
  const org = useData(() => ok(api.GET('/api/v1/organizations/{id}', { params: { path: { id: organizationId } } })), [organizationId], `organization:${organizationId}`);
  return (
    <section class="seller" aria-labelledby="seller-heading">
      <h2 id="seller-heading">{t('seller.title')}</h2>
      <LoadState loading={org.loading && !org.data} error={org.error} />
      {org.data && (
        <>
          <p class="seller-name">
            <a href={`/organizations/${org.data.id}`}>{org.data.name}</a> {org.data.verified && <VerifiedBadge />}
          </p>
          <p class="muted">
            {t(`directory.kind.${org.data.kind}`)} · {nameOf(provinceByCode(org.data.provinceCode))}
          </p>
          <ReputationFigures reputation={org.data.reputation} />
          <ReviewList organizationId={org.data.id} headingLevel={3} />
        </>
      )}
    </section>
  );
}
