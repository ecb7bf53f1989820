import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../app/store';
import { tempDir } from '../../helpers/tempDir';

/** Saved policies: versions, the active one, candidates that lost their adoption backtest, adopting later. */
describe('trained policies in the store', () => {
  let cleanup: () => void;
  let store: Store;
  beforeEach(() => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    store = openStore(join(temp.dir, 'p.db'));
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  const entry = (name: string, activate?: boolean) => ({ name, kind: 'ppo-catalogue', backend: 'test', saved: { weights: new Uint8Array([1, 2, 3]) }, metadata: { name }, parentId: null, now: '2026-01-01', activate });

  it('a new policy becomes active by default; one saved without activation stays a candidate', () => {
    const first = store.training.savePolicy(entry('first'));
    expect(store.training.activePolicy('ppo-catalogue')?.id).toBe(first);
    const second = store.training.savePolicy(entry('second', false));
    expect(store.training.activePolicy('ppo-catalogue')?.id).toBe(first);
    const latest = store.training.latestPolicy<{ weights: Uint8Array }>('ppo-catalogue');
    expect(latest?.id).toBe(second);
    expect(latest?.version).toBe(2);
    expect(latest?.isActive).toBe(false);
    expect(Array.from(latest!.saved.weights)).toEqual([1, 2, 3]);
  });

  it('adopting a candidate makes it the only active policy of its kind', () => {
    const first = store.training.savePolicy(entry('first'));
    const second = store.training.savePolicy(entry('second', false));
    expect(store.training.activatePolicy(second)).toBe(true);
    expect(store.training.activePolicy('ppo-catalogue')?.id).toBe(second);
    expect(store.db.prepare('SELECT COUNT(*) FROM policies WHERE is_active = 1').pluck().get()).toBe(1);
    expect(store.training.activatePolicy(first)).toBe(true);
    expect(store.training.activePolicy('ppo-catalogue')?.id).toBe(first);
    expect(store.training.activatePolicy(999)).toBe(false);
    expect(store.training.activePolicy('ppo-catalogue')?.id).toBe(first);
  });
});
