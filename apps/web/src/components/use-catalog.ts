import { useEffect } from 'preact/hooks';
import { catalog, loadCatalog, type Catalog } from '../api/catalog';

/** The catalog for a page that names products and provinces; the page redraws when it arrives. */
export function useCatalog(): Catalog | null {
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  return catalog.value;
}
