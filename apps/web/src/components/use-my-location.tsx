import { useState } from 'preact/hooks';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';

export type Place = { state: 'province' } | { state: 'asking' } | { state: 'found'; lat: number; lng: number } | { state: 'failed' };

/** "Use my location" (the phone's position) or, by default and when refused, the province's centre. */
export function useMyLocation(initial: Place = { state: 'province' }) {
  const [place, setPlace] = useState<Place>(initial);
  const ask = () => {
    if (!('geolocation' in navigator)) return setPlace({ state: 'failed' });
    setPlace({ state: 'asking' });
    navigator.geolocation.getCurrentPosition(
      (position) => setPlace({ state: 'found', lat: position.coords.latitude, lng: position.coords.longitude }),
      () => setPlace({ state: 'failed' }),
      // A village-level fix is enough, and a coarse one comes fast and spares the battery.
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
    );
  };
  const location = place.state === 'found' ? { lat: place.lat, lng: place.lng } : undefined;
  return { place, location, ask, clear: () => setPlace({ state: 'province' }) };
}

/**
 * "Near me" for a search: asks the phone where it is and gives `lat,lng` to three decimals
 * (about 100 m: all a distance filter needs, and it shares less).
 */
export function useNearMe() {
  const [locating, setLocating] = useState(false);
  const [failed, setFailed] = useState(false);
  const locate = (found: (near: string) => void) => {
    if (!('geolocation' in navigator)) return setFailed(true);
    setLocating(true);
    setFailed(false);
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        setLocating(false);
        found(`${coords.latitude.toFixed(3)},${coords.longitude.toFixed(3)}`);
      },
      () => {
        setLocating(false);
        setFailed(true);
      },
      // A village-level fix is enough, and a coarse one comes fast and spares the battery.
      { enableHighAccuracy: false, maximumAge: 600_000, timeout: 20_000 },
    );
  };
  return { locating, failed, locate };
}

/** The place chosen, and the buttons to take the phone's position or go back to the province. */
export function LocationPicker({ legend, picker }: { legend: string; picker: ReturnType<typeof useMyLocation> }) {
  const { place } = picker;
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      <p class="hint" role="status">
        {place.state === 'found'
          ? t('org.locationFound', { lat: formatNumber(place.lat, 4), lng: formatNumber(place.lng, 4) })
          : place.state === 'asking'
            ? t('org.locationAsking')
            : place.state === 'failed'
              ? t('org.locationFailed')
              : t('org.locationProvince')}
      </p>
      <div class="row wrap">
        <button type="button" class="secondary" onClick={picker.ask} disabled={place.state === 'asking'}>
          {t('org.useMyLocation')}
        </button>
        {place.state === 'found' && (
          <button type="button" class="secondary" onClick={picker.clear}>
            {t('org.useProvince')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
