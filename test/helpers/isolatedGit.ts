/**
 * For suites that run real git, including git run by Accord itself (which inherits this
 * process's environment): the person's own git configuration (global and system) and any
 * fixed commit dates are set aside for the suite, and put back after it.
 */
const ISOLATED: Record<string, string | undefined> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_DATE: undefined,
  GIT_COMMITTER_DATE: undefined,
};

/** Call inside a mocha `describe`: registers the before and after hooks. */
export function isolateGitConfig(): void {
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [name, value] of Object.entries(ISOLATED)) {
      saved[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
