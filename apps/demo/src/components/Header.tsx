import type { ModelCatalog } from '../../api/_lib/live-models.js';
import { LiveModelBadge } from './LiveModelBadge.js';

/** Props of {@link Header}. */
export interface HeaderProps {
  catalog: ModelCatalog | undefined;
  catalogError: string | undefined;
}

/** The page title, what the demo shows, and which model is live. */
export function Header({ catalog, catalogError }: HeaderProps) {
  return (
    <header className="page-header">
      <div>
        <h1>Tokenflow</h1>
        <p className="tagline">LLM tokens rendering live in React: started in one component, rendered in another.</p>
      </div>
      <LiveModelBadge catalog={catalog} error={catalogError} />
    </header>
  );
}
