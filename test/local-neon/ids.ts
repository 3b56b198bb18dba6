/**
 * Identifiers in Neon's own shapes: `br-<adjective>-<noun>-<6 digits>` for branches, `ep-…` for
 * endpoints, `npg_…` passwords, UUID operation ids. Random, never derived from secrets.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const ADJECTIVES = [
  'small',
  'silent',
  'wispy',
  'cool',
  'little',
  'aged',
  'spring',
  'bold',
  'calm',
  'crimson',
  'damp',
  'dry',
  'fancy',
  'floral',
  'frosty',
  'gentle',
  'green',
  'holy',
  'icy',
  'late',
  'lively',
  'lucky',
  'misty',
  'morning',
  'muddy',
  'noisy',
  'odd',
  'orange',
  'patient',
  'plain',
  'polished',
  'proud',
  'purple',
  'quiet',
  'rapid',
  'red',
  'restless',
  'rough',
  'royal',
  'shiny',
  'shy',
  'snowy',
  'soft',
  'still',
  'summer',
  'sweet',
  'tiny',
  'twilight',
  'wandering',
  'weathered',
  'white',
  'wild',
  'winter',
  'young',
];
const NOUNS = [
  'term',
  'smoke',
  'meadow',
  'darkness',
  'salad',
  'example',
  'truth',
  'band',
  'base',
  'bird',
  'breeze',
  'brook',
  'bush',
  'butterfly',
  'cake',
  'cell',
  'cherry',
  'cloud',
  'credit',
  'dawn',
  'dew',
  'disk',
  'dream',
  'dust',
  'feather',
  'field',
  'fire',
  'flower',
  'fog',
  'forest',
  'frog',
  'frost',
  'glade',
  'glitter',
  'grass',
  'haze',
  'heart',
  'hill',
  'lake',
  'leaf',
  'limit',
  'math',
  'moon',
  'morning',
  'mountain',
  'mouse',
  'night',
  'paper',
  'pine',
  'poetry',
  'pond',
  'queen',
  'rain',
  'recipe',
  'resonance',
  'rice',
  'river',
  'salad',
  'scene',
  'sea',
  'shadow',
  'shape',
  'silence',
  'sky',
  'smoke',
  'snow',
  'snowflake',
  'sound',
  'star',
  'sun',
  'sunset',
  'surf',
  'thunder',
  'tooth',
  'tree',
  'truth',
  'union',
  'unit',
  'violet',
  'voice',
  'water',
  'waterfall',
  'wave',
  'wildflower',
  'wind',
  'wood',
];

function pick(words: string[]): string {
  return words[randomInt(words.length)];
}

/** `<adjective>-<noun>-<6 digits>`, the body shared by project, branch and endpoint ids. */
export function wordsId(): string {
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${String(randomInt(1_000_000)).padStart(6, '0')}`;
}

/** A fresh id with `prefix` that `taken` does not contain yet. */
export function uniqueId(prefix: string, taken: (id: string) => boolean): string {
  for (;;) {
    const id = prefix ? `${prefix}-${wordsId()}` : wordsId();
    if (!taken(id)) return id;
  }
}

export function newPassword(): string {
  return `npg_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
}

export function newApiKey(): string {
  return `napi_local_${randomBytes(24).toString('hex')}`;
}

export function newOperationId(): string {
  return randomUUID();
}

export function newRequestId(): string {
  return randomUUID();
}
