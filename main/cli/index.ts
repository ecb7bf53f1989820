import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppFailure } from '../../app/common/result';
import { commands, type CommandName } from './commands';

const helpText = `replenish — reorder planning on your own machine

Usage: replenish <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Options for every command:
  --db PATH    database file (default: the desktop app's; REPLENISH_DB overrides)
  --json       print one JSON document on stdout
  --verbose    print stack traces of internal errors
  --help       help for a command

Exit codes: 0 success, 1 wrong input or request (nothing was written), 2 internal error.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText + '\n');
    return 0;
  }
  if (name === '--version') {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  if (!Object.prototype.hasOwnProperty.call(commands, name)) {
    process.stderr.write(`replenish: unknown command "${name}". Run \`replenish --help\` for the list.\n`);
    return 1;
  }
  const command = commands[name as CommandName];
  const options = {
    db: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...command.options,
  } satisfies ParseArgsConfig['options'];
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`replenish ${name}: ${(error as Error).message}\nRun \`replenish ${name} --help\`.\n`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(`${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  // Loaded only now: `--help` and usage errors answer without loading the whole core.
  const { CliUsageError, runCommand } = await import('./run');
  try {
    return await runCommand(name as CommandName, parsed.values as Record<string, unknown>, parsed.positionals);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`replenish ${name}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof AppFailure && error.error.code !== 'internal') {
      process.stderr.write(`replenish ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`replenish ${name}: internal error: ${(error as Error).message}\n`);
    if (parsed.values.verbose) process.stderr.write(`${(error as Error).stack}\n`);
    return 2;
  }
}
