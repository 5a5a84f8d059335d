// Preloaded into every child the harness starts (`node --require dist/bench/child-guard.js …`):
// when the harness goes away, even by SIGKILL, the IPC channel closes and the child ends itself
// the way Ctrl+C would end it (the gateway drains and, when profiling, writes its .cpuprofile).
// The channel is unref'd, so it never keeps a child alive on its own.
if (process.send !== undefined) {
  process.channel?.unref();
  process.on('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
  });
}
