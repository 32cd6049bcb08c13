// What `npm test` needs besides node_modules: the real programs the differential and end-to-end tests run
// ours against (they fail, never skip, when one is missing). Pure: which files are missing is the
// caller's look, what to do about it is decided here.

/** Each file the tests run or read, and the Debian package that installs it. */
export const REQUIRED = [
  ...['svscan', 'supervise', 'svc', 'svok', 'svstat', 'multilog', 'tai64n', 'tai64nlocal', 'readproctitle'].map(
    (name) => ({ path: `/usr/bin/${name}`, pkg: 'daemontools' }),
  ),
  { path: '/usr/bin/svlogd', pkg: 'runit' },
  { path: '/usr/bin/s6-log', pkg: 's6' },
  { path: '/usr/bin/flock', pkg: 'util-linux' },
  { path: '/usr/bin/prlimit', pkg: 'util-linux' },
  { path: '/usr/bin/script', pkg: 'bsdutils' },
  { path: '/usr/bin/perl', pkg: 'perl-base' },
  { path: '/usr/share/zoneinfo/right/UTC', pkg: 'tzdata' },
  { path: '/usr/share/zoneinfo/Asia/Tokyo', pkg: 'tzdata' },
  { path: '/usr/bin/redis-server', pkg: 'redis-server' },
  { path: '/usr/bin/redis-cli', pkg: 'redis-tools' },
  // the serve tests (issue 16): a real Prometheus scrape, a real headless browser through puppeteer-core
  { path: '/usr/bin/prometheus', pkg: 'prometheus' },
  { path: '/usr/bin/chromium', pkg: 'chromium' },
];

/** The packages that provide `missing` (paths of REQUIRED), each once, in REQUIRED's order. */
export function packagesFor(missing) {
  return [...new Set(REQUIRED.filter((r) => missing.includes(r.path)).map((r) => r.pkg))];
}

/**
 * What to do: nothing; install with apt-get (root, apt-get present), saying so in one line; or fail
 * with the exact command to run.
 */
export function planPrerequisites({ missing, isRoot, hasAptGet }) {
  if (missing.length === 0) return { action: 'none' };
  const pkgs = packagesFor(missing).join(' ');
  if (isRoot && hasAptGet) {
    return {
      action: 'install',
      packages: packagesFor(missing),
      line: `test-prerequisites: installing the reference programs the tests compare against: apt-get install -y ${pkgs}`,
    };
  }
  const sudo = isRoot ? '' : 'sudo ';
  const command = `${sudo}apt-get update && ${sudo}apt-get install -y ${pkgs}`;
  const why = hasAptGet ? 'not root' : 'no apt-get here';
  return {
    action: 'fail',
    line: `test-prerequisites: fatal: missing ${missing.join(' ')} (${why}); run: ${command}`,
  };
}
