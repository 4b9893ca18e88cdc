import { type ReactNode, useId } from 'react';

/** One line of a recipe's list, and whether it is still being written. */
export interface RecipeListItem {
  content: ReactNode;
  busy: boolean;
}

/** Props of {@link RecipeList}. */
export interface RecipeListProps {
  title: string;
  items: readonly RecipeListItem[];
  ordered: boolean;
  /** The list is still growing: more items may come. */
  busy: boolean;
  testId: string;
}

/** A recipe's ingredients or steps, growing as they stream: the item being written has a caret. */
export function RecipeList({ title, items, ordered, busy, testId }: RecipeListProps) {
  const headingId = useId();
  const List = ordered ? 'ol' : 'ul';
  return (
    <section className="recipe-section" aria-labelledby={headingId}>
      <h5 id={headingId}>{title}</h5>
      <List className="recipe-list" aria-busy={busy} data-testid={testId}>
        {items.map((item, index) => (
          // The position is the identity: items only ever grow at the end.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above.
          <li key={index} className="live-field" aria-busy={item.busy}>
            {item.content}
          </li>
        ))}
      </List>
      {items.length === 0 && <p className="placeholder">{busy ? 'Coming…' : 'None.'}</p>}
    </section>
  );
}
