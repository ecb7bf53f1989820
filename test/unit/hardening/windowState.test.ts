import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultWindowState, fitToDisplays, loadWindowState, parseWindowState, saveWindowState } from '../../../main/electron/windowState';
import { tempDir } from '../../helpers/tempDir';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('round-trips through its JSON file', () => {
    const file = join(dir, 'sub', 'window-state.json');
    saveWindowState(file, { x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
  });

  it('falls back to the default for a missing, broken or hostile file', () => {
    expect(loadWindowState(join(dir, 'missing.json'))).toEqual(defaultWindowState);
    writeFileSync(join(dir, 'broken.json'), '{"width": 12');
    expect(loadWindowState(join(dir, 'broken.json'))).toEqual(defaultWindowState);
    for (const raw of [null, 42, 'x', [], { width: '1200', height: 800, maximized: false }, { width: 1e9, height: 800, maximized: false }, { width: 100, height: 100, maximized: false }, { width: 1200.5, height: 800, maximized: false }]) {
      expect(parseWindowState(raw)).toEqual(defaultWindowState);
    }
  });

  it('drops unknown keys and a lone coordinate', () => {
    const parsed = parseWindowState(JSON.parse('{"width":1200,"height":800,"maximized":false,"x":5,"__proto__":{"polluted":true},"extra":1}'));
    expect(parsed).toEqual({ width: 1200, height: 800, maximized: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses to save an invalid state', () => {
    expect(() => saveWindowState(join(dir, 'w.json'), { width: -5, height: 800, maximized: false })).toThrow();
  });

  it('keeps a window that is on a screen', () => {
    const state = { x: 2000, y: 100, width: 1400, height: 900, maximized: false };
    expect(fitToDisplays(state, [laptop, rightMonitor])).toEqual(state);
  });

  it('forgets the position on an unplugged monitor, and shrinks to the largest screen', () => {
    const state = { x: 2000, y: 100, width: 2400, height: 1300, maximized: false };
    expect(fitToDisplays(state, [laptop])).toEqual({ width: 1920, height: 1050, maximized: false });
  });

  it('forgets a position whose title bar is above the screen', () => {
    expect(fitToDisplays({ x: 100, y: -500, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('leaves the state alone when no screen is known', () => {
    const state = { x: 1, y: 2, width: 1000, height: 700, maximized: true };
    expect(fitToDisplays(state, [])).toEqual(state);
  });
});
