/** `warmup-sim validate FILE...`: exit 0, or every problem as `file:line:col path: message` and exit 2. */
import type { CommandModule } from 'yargs';
import { loadScenarioFile, ScenarioError } from '../../scenario/load.ts';

interface Args {
  files: string[];
}

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <files..>',
  describe: 'check scenario files; print every problem with its location',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true })
      .example('$0 validate scenarios/*.yaml', 'check all bundled scenarios'),
  handler: (a) => {
    const problems: ScenarioError[] = [];
    for (const f of a.files) {
      try {
        loadScenarioFile(f);
        process.stdout.write(`${f}: ok\n`);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        problems.push(e);
      }
    }
    if (problems.length > 0) throw new ScenarioError(problems.flatMap((p) => p.issues));
  },
};
