import { replaceMarkedBlock } from '../../../bench/report';

describe('the benchmark results updater', () => {
  it('replaces only the block between marker lines, not markers quoted in prose', () => {
    const readme = [
      'The table below sits between `<!-- bench:latest:start -->` and `<!-- bench:latest:end -->`.',
      '',
      '<!-- bench:latest:start -->',
      'old table',
      '<!-- bench:latest:end -->',
      'after',
    ].join('\n');
    expect(replaceMarkedBlock(readme, 'bench:latest', '| new | table |\n')).toBe(
      [
        'The table below sits between `<!-- bench:latest:start -->` and `<!-- bench:latest:end -->`.',
        '',
        '<!-- bench:latest:start -->',
        '| new | table |',
        '<!-- bench:latest:end -->',
        'after',
      ].join('\n'),
    );
  });

  it('leaves a README without both marker lines alone', () => {
    expect(replaceMarkedBlock('see `<!-- bench:latest:start -->`', 'bench:latest', 'x')).toBeNull();
    expect(
      replaceMarkedBlock('<!-- bench:latest:start -->\nno end', 'bench:latest', 'x'),
    ).toBeNull();
  });
});
