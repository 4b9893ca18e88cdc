import type { ModelCatalog } from '../../api/_lib/live-models.js';

/** Props of {@link LiveModelBadge}. */
export interface LiveModelBadgeProps {
  catalog: ModelCatalog | undefined;
  error: string | undefined;
}

function describe(catalog: ModelCatalog): string {
  if (catalog.live === 'simulated') return 'Simulated model (embedded, no API key)';
  return `OpenAI, ${catalog.api === 'chat' ? 'Chat Completions' : 'Responses'} API`;
}

/** Says which backend answers: the embedded simulated model or OpenAI. */
export function LiveModelBadge({ catalog, error }: LiveModelBadgeProps) {
  const text = catalog ? describe(catalog) : error ? `Unknown (${error})` : 'Checking…';
  return (
    <p className="live-model" data-testid="live-model" data-live={catalog?.live ?? 'unknown'}>
      <span className="live-dot" aria-hidden="true" />
      <span>
        Live model: <strong>{text}</strong>
      </span>
    </p>
  );
}
