// `npm start`: the desktop app. Electron downloads its binary on first start; where that cannot
// happen (no internet, a locked-down machine) this says so and points to the browser host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

let electronPath;
try {
  electronPath = require('electron');
  if (typeof electronPath !== 'string' || !existsSync(electronPath)) throw new Error(`no Electron executable at ${electronPath}`);
} catch (error) {
  console.error(
    [
      '',
      'Replenish cannot open its desktop window: the Electron runtime is not available on this machine.',
      `  (${String(error?.message ?? error).split('\n')[0]})`,
      'Electron downloads its runtime on first start; that needs internet access once.',
      '',
      'Use the same dashboard in your browser instead:',
      '  npx replenish serve --open',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const child = spawn(electronPath, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
