import { useState } from 'react';
import { AnswerText, type AnswerTextProps } from './AnswerText.js';
import { RecipeCard } from './RecipeCard.js';
import { Switch } from './Switch.js';

/** Props of {@link StructuredAnswer}. */
export interface StructuredAnswerProps extends AnswerTextProps {
  /** Names the recipe card's box. */
  cardLabel: string;
}

/**
 * A structured answer: the recipe card, or, with the switch, the JSON text it is read from. Both stay mounted (the
 * one not chosen hidden), so switching shows the other at once, with everything that arrived meanwhile.
 */
export function StructuredAnswer({ handle, label, cardLabel, showBoundaries }: StructuredAnswerProps) {
  const [showJson, setShowJson] = useState(false);
  return (
    <div className="structured-answer">
      <Switch label="Show the JSON text" checked={showJson} onChange={setShowJson} testId="json-switch" />
      <div hidden={showJson}>
        <RecipeCard handle={handle} label={cardLabel} />
      </div>
      <div hidden={!showJson}>
        <AnswerText handle={handle} label={label} showBoundaries={showBoundaries} />
      </div>
    </div>
  );
}
