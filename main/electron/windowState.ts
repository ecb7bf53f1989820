import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The main window's size and place, remembered in a small JSON file in the user-data folder.
 * The file is outside our control (edited by hand, from another version, half-written), so it is
 * validated with zod and a window that would open off every screen is moved back onto one.
 */
export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const minimumWindowSize = { width: 960, height: 600 } as const;
export const defaultWindowState: WindowState = { width: 1360, height: 860, maximized: false };

const coordinate = z.number().int().min(-100_000).max(100_000);
export const windowStateSchema = z
  .object({
    x: coordinate.optional(),
    y: coordinate.optional(),
    width: z.number().int().min(minimumWindowSize.width).max(20_000),
    height: z.number().int().min(minimumWindowSize.height).max(20_000),
    maximized: z.boolean(),
  })
  .strip();
export type WindowState = z.infer<typeof windowStateSchema>;

/** A stored state, or the default when it is missing or malformed. */
export function parseWindowState(raw: unknown): WindowState {
  const parsed = windowStateSchema.safeParse(raw);
  if (!parsed.success) return { ...defaultWindowState };
  // x and y only make sense together.
  const { x, y, ...size } = parsed.data;
  return x !== undefined && y !== undefined ? { ...size, x, y } : size;
}

/** How much of `window` lies inside `area`, in square pixels. */
function overlap(window: Rectangle, area: Rectangle): number {
  const width = Math.min(window.x + window.width, area.x + area.width) - Math.max(window.x, area.x);
  const height = Math.min(window.y + window.height, area.y + area.height) - Math.max(window.y, area.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Keep the window reachable with today's screens: shrink it to the largest work area, and forget
 * its position (the OS then centres it) unless its title bar region overlaps some screen by at
 * least 100×40 pixels — a monitor that was unplugged must not take the window with it.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  if (workAreas.length === 0) return state;
  const widest = Math.max(...workAreas.map((area) => area.width));
  const tallest = Math.max(...workAreas.map((area) => area.height));
  const width = Math.max(Math.min(state.width, widest), Math.min(minimumWindowSize.width, widest));
  const height = Math.max(Math.min(state.height, tallest), Math.min(minimumWindowSize.height, tallest));
  const sized: WindowState = { width, height, maximized: state.maximized };
  if (state.x === undefined || state.y === undefined) return sized;
  const titleBar = { x: state.x, y: state.y, width, height: Math.min(40, height) };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= Math.min(100, width) * Math.min(40, height));
  return visible ? { ...sized, x: state.x, y: state.y } : sized;
}

export function loadWindowState(file: string): WindowState {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { ...defaultWindowState };
  }
}

/** Written to a temporary file and renamed, so a crash mid-write leaves the old state intact. */
export function saveWindowState(file: string, state: WindowState): void {
  const valid = windowStateSchema.parse(state);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(valid));
  renameSync(`${file}.tmp`, file);
}
