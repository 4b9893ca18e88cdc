import type { ModelCatalog } from '../../api/_lib/live-models.js';
import type { DemoSettings } from '../lib/settings.js';
import { Switch } from './Switch.js';

/** Props of {@link FormSwitches}. */
export interface FormSwitchesProps {
  settings: DemoSettings;
  onChange: (patch: Partial<DemoSettings>) => void;
  catalog: ModelCatalog | undefined;
}

/** The on/off choices: what the next Start asks for (compare, recipe, fault), then how the panels show it. */
export function FormSwitches({ settings, onChange, catalog }: FormSwitchesProps) {
  // The route says which outputs it offers; until it has, the switch waits, as the fault switch does.
  const offersRecipe = catalog?.outputs.some((output) => output.id === 'recipe') ?? false;
  return (
    <div className="switches">
      <Switch
        label="Compare temperatures"
        hint="Three streams at once, side by side"
        checked={settings.compare}
        onChange={(compare) => onChange({ compare })}
        testId="compare-switch"
      />
      <Switch
        label="Recipe (structured output)"
        hint="The answer is JSON in the route's recipe schema, shown as a card as it streams"
        checked={settings.recipe}
        onChange={(recipe) => onChange({ recipe })}
        disabled={!offersRecipe}
        testId="recipe-switch"
      />
      <Switch
        label="Show token boundaries"
        hint="Each token on its own background"
        checked={settings.showBoundaries}
        onChange={(showBoundaries) => onChange({ showBoundaries })}
        testId="boundaries-switch"
      />
      <Switch
        label="Fault: fail mid-stream"
        hint="Uses a model that breaks after a few tokens"
        checked={settings.fault}
        onChange={(fault) => onChange({ fault })}
        disabled={catalog === undefined}
        testId="fault-switch"
      />
      <Switch
        label="Show render counts"
        hint="How many times each part of a panel rendered: each renders for its own part only"
        checked={settings.showRenderCounts}
        onChange={(showRenderCounts) => onChange({ showRenderCounts })}
        testId="render-counts-switch"
      />
    </div>
  );
}
