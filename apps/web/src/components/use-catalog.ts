import { useEffect } from 'preact/hooks';
import { catalog, loadCatalog, type Catalog } from '../api/catalog';
import { initialData, onServer } from '../ssr/initial-data';

/** The catalog for a page that names products and provinces; the page redraws when it arrives. */
export function useCatalog(): Catalog | null {
  // The server draws names only once the catalog is here: it asks for it as for a page's data.
  if (onServer) initialData('catalog', loadCatalog);
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  return catalog.value;
}
