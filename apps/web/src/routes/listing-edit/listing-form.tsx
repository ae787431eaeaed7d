import { useEffect, useState } from 'preact/hooks';
import { catalog, loadCatalog, productByCode } from '../../api/catalog';
import type { ApiError } from '../../api/problem';
import type { Money, Schemas } from '../../api/types';
import { GradeSelect, ProductSelect, ProvinceSelect } from '../../components/catalog-pickers';
import { Field, FormError } from '../../components/field';
import { MoneyInput } from '../../components/money';
import { LocationPicker, useMyLocation } from '../../components/use-my-location';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { editableMoney } from './amount';
import { fromDateInput, toDateInput } from './dates';

export type Listing = Schemas['ListingDto'];
export type ListingFields = Omit<Schemas['CreateListingDto'], 'organizationId'>;

interface ListingFormProps {
  /** The listing changed; absent when a new one is written. */
  listing?: Listing;
  /** Where the organization is, the default place of a new listing. */
  defaultProvince?: string;
  error: ApiError | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: (fields: ListingFields, photos: File[]) => void;
}

/** The fields of a listing, as a producer fills them in on a phone. */
export function ListingForm({ listing, defaultProvince, error, busy, submitLabel, onSubmit }: ListingFormProps) {
  const [productCode, setProductCode] = useState(listing?.productCode ?? '');
  const [grade, setGrade] = useState(listing?.qualityGrade ?? '');
  const [title, setTitle] = useState(listing?.title ?? '');
  const [titleTouched, setTitleTouched] = useState(Boolean(listing));
  const [price, setPrice] = useState<Money>(listing ? editableMoney(listing.price) : { amount: '', currency: 'KHR' });
  const [province, setProvince] = useState(listing?.provinceCode ?? defaultProvince ?? '');
  const [photos, setPhotos] = useState<File[]>([]);
  const picker = useMyLocation(listing?.location ? { state: 'found', ...listing.location } : { state: 'province' });
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  useEffect(() => {
    if (!listing && defaultProvince && !province) setProvince(defaultProvince);
  }, [defaultProvince]);

  const product = catalog.value ? productByCode(productCode) : undefined;
  const unit = listing?.unit ?? product?.unit ?? '';
  // A title a buyer understands, written for the producer until they write their own.
  useEffect(() => {
    if (titleTouched || !product) return;
    setTitle(grade ? `${nameOf(product)} ${t('common.grade', { grade })}` : nameOf(product));
  }, [productCode, grade, titleTouched, catalog.value]);

  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const minOrder = text('minOrderQuantity');
    const description = text('description');
    const from = fromDateInput(text('availableFrom'), 'start');
    const until = fromDateInput(text('availableUntil'), 'end');
    onSubmit(
      {
        productCode,
        title: title.trim(),
        quantity: text('quantity'),
        unit: unit as ListingFields['unit'],
        price,
        provinceCode: province,
        ...(grade ? { qualityGrade: grade } : {}),
        ...(picker.location ? { location: picker.location } : {}),
        ...(from ? { availableFrom: from } : {}),
        ...(until ? { availableUntil: until } : {}),
        ...(minOrder ? { minOrderQuantity: minOrder } : {}),
        ...(description ? { description } : {}),
      },
      photos,
    );
  };

  const unitName = unit ? t(`unitName.${unit}` as MessageKey) : '';
  return (
    <form onSubmit={submit} noValidate>
      <FormError error={error} />
      {listing ? (
        <p>
          {t('listingForm.product')}: <strong>{nameOf(product)}</strong>
        </p>
      ) : (
        <Field id="listing-product" name="productCode" label={t('listingForm.product')} error={error}>
          {(props) => <ProductSelect {...props} value={productCode} onChange={setProductCode} required />}
        </Field>
      )}
      <Field id="listing-grade" name="qualityGrade" label={t('listingForm.grade')} error={error}>
        {(props) => <GradeSelect {...props} productCode={productCode} value={grade} onChange={setGrade} />}
      </Field>
      <Field id="listing-title" name="title" label={t('listingForm.title')} hint={t('listingForm.titleHint')} error={error}>
        {(props) => (
          <input
            {...props}
            value={title}
            maxLength={200}
            required
            onInput={(e) => {
              setTitle((e.currentTarget as HTMLInputElement).value);
              setTitleTouched(true);
            }}
          />
        )}
      </Field>
      <Field id="listing-quantity" name="quantity" label={t('listingForm.quantity')} hint={unitName ? t('listingForm.inUnit', { unit: unitName }) : undefined} error={error}>
        {(props) => <input {...props} inputMode="decimal" defaultValue={listing?.quantity ?? ''} required />}
      </Field>
      <Field id="listing-price" name="price" label={t('listingForm.price')} hint={unitName ? t('listingForm.perUnit', { unit: unitName }) : undefined} error={error}>
        {(props) => <MoneyInput {...props} value={price} onChange={setPrice} />}
      </Field>
      <Field id="listing-min-order" name="minOrderQuantity" label={t('listingForm.minOrder')} hint={t('listingForm.optional')} error={error}>
        {(props) => <input {...props} inputMode="decimal" defaultValue={listing?.minOrderQuantity ?? ''} />}
      </Field>
      <Field id="listing-province" name="provinceCode" label={t('listingForm.province')} error={error}>
        {(props) => <ProvinceSelect {...props} value={province} onChange={setProvince} required />}
      </Field>
      <LocationPicker legend={t('listingForm.place')} picker={picker} />
      <div class="row wrap dates">
        <Field id="listing-from" name="availableFrom" label={t('listingForm.from')} error={error}>
          {(props) => <input {...props} type="date" defaultValue={toDateInput(listing?.availableFrom)} />}
        </Field>
        <Field id="listing-until" name="availableUntil" label={t('listingForm.until')} hint={t('listingForm.optional')} error={error}>
          {(props) => <input {...props} type="date" defaultValue={toDateInput(listing?.availableUntil)} />}
        </Field>
      </div>
      <Field id="listing-description" name="description" label={t('listingForm.description')} hint={t('listingForm.optional')} error={error}>
        {(props) => <textarea {...props} rows={3} maxLength={4000} defaultValue={listing?.description ?? ''} />}
      </Field>
      {!listing && <PhotoPicker photos={photos} onChange={setPhotos} />}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/** Photos taken with the camera or picked from the phone; shrunk when sent. */
export function PhotoPicker({ photos, onChange, max = 8, idPrefix = 'listing-photo' }: { photos: File[]; onChange: (photos: File[]) => void; max?: number; idPrefix?: string }) {
  const add = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const chosen = [...(input.files ?? [])].filter((f) => f.type.startsWith('image/'));
    onChange([...photos, ...chosen].slice(0, max));
    input.value = '';
  };
  return (
    <fieldset class="choices">
      <legend>{t('listingForm.photos')}</legend>
      <p class="hint">{t('listingForm.photosHint')}</p>
      <div class="row wrap">
        {/* The input stays in the page (keyboard, screen readers); its label is what is seen. */}
        <input id={`${idPrefix}-camera`} class="visually-hidden file" type="file" accept="image/*" capture="environment" onChange={add} />
        <label class="button secondary" for={`${idPrefix}-camera`}>
          {t('listingForm.takePhoto')}
        </label>
        <input id={`${idPrefix}-pick`} class="visually-hidden file" type="file" accept="image/*" multiple onChange={add} />
        <label class="button secondary" for={`${idPrefix}-pick`}>
          {t('listingForm.pickPhotos')}
        </label>
      </div>
      {photos.length > 0 && (
        <ul class="chosen">
          {photos.map((photo, i) => (
            <li key={`${photo.name}-${i}`}>
              <span>{photo.name}</span>
              <button type="button" class="secondary" onClick={() => onChange(photos.filter((_, j) => j !== i))}>
                {t('listingForm.removePhoto')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
