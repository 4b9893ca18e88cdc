import type { Facts } from './sim-json.js';

/** A recipe the simulated model knows: the facts it fills a structured answer's schema with. */
interface Recipe extends Facts {
  title: string;
  description: string;
  servings: number;
  minutes: number;
  difficulty: 'easy' | 'medium' | 'hard';
  ingredients: readonly { name: string; quantity: string; amount: number; unit: string }[];
  steps: readonly string[];
  tags: readonly string[];
}

const item = (name: string, amount: number, unit: string) => ({
  name,
  amount,
  unit,
  quantity: unit === '' ? String(amount) : `${amount} ${unit}`,
});

/** The recipes, each with the words that ask for it; the last is for any other request. */
const RECIPES: readonly (readonly [RegExp, Recipe])[] = [
  [
    /\b(pancakes?|breakfast|brunch)\b/i,
    {
      title: 'Fluffy pancakes',
      description: 'Thick, soft pancakes for a weekend breakfast, ready in twenty minutes.',
      servings: 4,
      minutes: 20,
      difficulty: 'easy',
      ingredients: [
        item('plain flour', 200, 'g'),
        item('baking powder', 2, 'tsp'),
        item('sugar', 1, 'tbsp'),
        item('eggs', 2, ''),
        item('milk', 300, 'ml'),
        item('butter', 30, 'g'),
      ],
      steps: [
        'Whisk the flour, baking powder, sugar and a pinch of salt in a bowl.',
        'Beat the eggs with the milk and the melted butter, then stir them into the flour until just combined.',
        'Heat a lightly buttered pan over medium heat and pour in a ladle of batter per pancake.',
        'Cook until bubbles appear on top, flip, and cook one more minute until golden.',
      ],
      tags: ['breakfast', 'vegetarian', 'sweet'],
    },
  ],
  [
    /\b(soup|winter|lentils?|warming)\b/i,
    {
      title: 'Red lentil soup',
      description: 'A warming, filling soup of red lentils, carrots and cumin, finished with lemon.',
      servings: 6,
      minutes: 40,
      difficulty: 'easy',
      ingredients: [
        item('red lentils', 250, 'g'),
        item('carrots', 2, ''),
        item('onion', 1, ''),
        item('ground cumin', 2, 'tsp'),
        item('vegetable stock', 1.5, 'l'),
        item('lemon', 1, ''),
      ],
      steps: [
        'Soften the chopped onion and carrots in a little oil for 5 minutes.',
        'Stir in the cumin, then add the rinsed lentils and the stock.',
        'Simmer for 25 minutes, until the lentils fall apart.',
        'Blend until smooth, season, and finish with the juice of the lemon.',
      ],
      tags: ['vegan', 'soup', 'budget'],
    },
  ],
  [
    /\b(pasta|spaghetti|tomato|basil|dinner)\b/i,
    {
      title: 'Tomato and basil spaghetti',
      description: 'A quick weeknight pasta: a fresh tomato sauce, garlic, basil and a little parmesan.',
      servings: 4,
      minutes: 25,
      difficulty: 'easy',
      ingredients: [
        item('spaghetti', 400, 'g'),
        item('cherry tomatoes', 500, 'g'),
        item('garlic cloves', 3, ''),
        item('olive oil', 3, 'tbsp'),
        item('fresh basil', 1, 'bunch'),
        item('parmesan', 50, 'g'),
      ],
      steps: [
        'Bring a large pot of salted water to the boil and cook the spaghetti until al dente.',
        'Meanwhile, warm the olive oil in a wide pan and soften the sliced garlic for a minute.',
        'Add the halved tomatoes and cook for 8 minutes, until they burst and turn saucy.',
        'Drain the pasta, keeping a cup of its water, and toss it in the pan with the sauce.',
        'Loosen with a splash of pasta water, tear in the basil and serve with grated parmesan.',
      ],
      tags: ['vegetarian', 'quick', 'italian'],
    },
  ],
];

/** The recipe a request asks for (pasta unless it names pancakes or soup), as facts for a JSON answer. */
export function recipeFor(question: string): Recipe {
  const [, fallback] = RECIPES.at(-1) as (typeof RECIPES)[number];
  return RECIPES.find(([asks]) => asks.test(question))?.[1] ?? fallback;
}
