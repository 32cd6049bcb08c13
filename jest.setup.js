// Runs in every test worker before the tests. Jest sets FORCE_COLOR in workers when it runs in a terminal;
// with NO_COLOR in a spawned program's environment Node 24 then prints a warning on stderr, which would break
// the tests that compare stderr byte for byte. No test output depends on colour.
delete process.env.FORCE_COLOR;
