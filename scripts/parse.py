#!/usr/bin/env python3
"""Turn a lane's console log into test results.

Counts, as separate test cases: each BENCH-RESULT line of the guest's own checks; each TAP
test case a framed test program reports (or the program as one case when it reports none);
each KUnit test case in the kernel log; and the lane-level checks (the guest booted and
finished, the kernel log has no WARN/BUG/lockdep/KASAN/kmemleak report). A skip is not a
pass: it is counted as failed unless the case is listed in guest/allowed-skips.txt.
Prints one line per case, followed for a failed program by the last lines it printed (as
'#   ' comments, so a CI log shows why), and ends with 'lane: N passed, M failed'.
"""
import os
import re
import sys

TS = re.compile(r'^\[\s*\d+\.\d+\] ?')
TAP = re.compile(r'^(not ok|ok) \d+ (?:- )?(.*?)(?:\s+#\s*(SKIP|skip|TODO|XFAIL)\b\s*(.*))?$')
KUNIT_CASE = re.compile(r'^    (not ok|ok) \d+ (\S+)(?:\s+#\s*(SKIP)\b\s*(.*))?$')
KUNIT_SUITE = re.compile(r'^    # Subtest: (\S+)')
KUNIT_PARAM_SUITE = re.compile(r'^        # Subtest: ')
BAD = re.compile(r'WARNING:|BUG:|Oops|Kernel panic|KASAN:|UBSAN:|possible circular locking|'
                 r'possible recursive locking|inconsistent lock state|suspicious RCU usage|'
                 r'kmemleak: [1-9]\d* new suspected|Unable to handle kernel|'
                 r'sleeping function called from invalid context|INFO: task .* blocked')


def allowed_skips():
    p = os.path.join(os.path.dirname(__file__), '..', 'guest', 'allowed-skips.txt')
    try:
        with open(p) as f:
            return [re.compile(l.strip()) for l in f if l.strip() and not l.startswith('#')]
    except OSError:
        return []


def main():
    path, lane = sys.argv[1], sys.argv[2]
    lines = open(path, errors='replace').read().splitlines()
    skips_ok = allowed_skips()
    res = []  # (status, name, msg, detail lines)

    def add(st, name, msg='', detail=()):
        if st == 'skip':
            full = f'{lane}/{name}'
            st = 'ok' if any(r.search(full) for r in skips_ok) else 'not ok'
            msg = 'SKIP ' + msg
        res.append((st, name, msg, list(detail) if st != 'ok' else []))

    booted = any(l.startswith('BENCH-BOOTED') for l in lines)
    done = any(l.startswith('BENCH-DONE') for l in lines)
    prog, cases, dmesg, out, first = None, 0, None, [], ''
    for l in lines:
        if l.startswith('BENCH-RESULT '):
            m = re.match(r'BENCH-RESULT (not ok|ok|skip) (\S+)(?: # (.*))?', l)
            if m:
                add(m.group(1), m.group(2), m.group(3) or '')
        elif l.startswith('BENCH-BEGIN '):
            prog, cases, out = l.split()[1], 0, []
            first = re.search(r' first_rc=(\d+)', l)  # a retried program (guest/retry-once.txt)
            first = f', on the second try (first: exit {first.group(1)})' if first else ''
        elif l.startswith('BENCH-END ') and prog:
            rc = int(l.rsplit('rc=', 1)[1])
            if cases == 0:
                add('ok' if rc == 0 else 'skip' if rc == 4 else 'not ok', prog,
                    ('timeout' if rc == 124 else f'exit {rc}') + first, out[-8:])
            elif rc not in (0, 4):
                add('not ok', prog, 'timeout' if rc == 124 else f'exit {rc}', out[-8:])
            prog = None
        elif l.startswith('BENCH-DMESG-BEGIN'):
            dmesg = []
        elif l.startswith('BENCH-DMESG-END'):
            pass
        elif dmesg is not None and not l.startswith('BENCH-'):
            dmesg.append(TS.sub('', l))
        elif prog:
            m = TAP.match(l)
            if not m and l.strip():
                out.append(l.rstrip())
            if m:
                cases += 1
                st = 'skip' if m.group(3) in ('SKIP', 'skip') else m.group(1)
                add(st, f'{prog}/{m.group(2)}', m.group(4) or '')
    if prog:
        add('not ok', prog, 'no end marker: guest died or hung while it ran')

    # KUnit cases, from the kernel log
    suite, nk = None, 0
    for l in dmesg or []:
        m = KUNIT_SUITE.match(l)
        if m:
            suite = m.group(1)
            continue
        m = KUNIT_CASE.match(l)
        if m and suite:
            nk += 1
            add('skip' if m.group(3) else m.group(1), f'kunit.{suite}.{m.group(2)}', m.group(4) or '')
    add('ok' if nk else 'not ok', 'kunit.ran', f'{nk} cases')

    add('ok' if booted and done else 'not ok', 'boot',
        'guest ran its job and powered off' if done else
        'timeout, hang or panic: ' + next((l for l in reversed(lines) if l.strip()), ''))
    if dmesg is None:
        add('not ok', 'kernel.log_clean', 'no kernel log captured')
    else:
        bad = [l for l in dmesg if BAD.search(l)]
        add('not ok' if bad else 'ok', 'kernel.log_clean', bad[0] if bad else '')

    npass = sum(1 for r in res if r[0] == 'ok')
    for st, name, msg, detail in res:
        print(f'{st} {lane}/{name}' + (f' # {msg}' if msg else ''))
        for d in detail:
            print(f'#   {d}')
    print(f'{lane}: {npass} passed, {len(res) - npass} failed')
    return 0 if npass == len(res) else 1


if __name__ == '__main__':
    sys.exit(main())
