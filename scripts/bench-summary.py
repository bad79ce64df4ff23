#!/usr/bin/env python3
"""Print the posting benchmark (guest/bench.sh) as a table from its console log.

Each BENCH-PERF line holds one case of one round: irq_test's figures (host interrupts the
device's vector took per MSI, MRIF notices per MSI, vCPU exits per MSI, mean delivery latency
in the machine's own time, -icount), SGEIs, and kinsn's counts of host kernel instructions
and host interrupts of every kind over irq_test's MSI loop and over an idle phase of the same
length. Per MSI = (loop - idle) / MSIs. Prints, per case, the median over the rounds and the
spread (min-max), then the ratios posted/host and mrif/swhost of the same rounds.
"""
import re
import statistics
import sys

PERF = re.compile(r'BENCH-PERF mode=(\w+) guest=(\w+) round=(\d+) msis (\d+) '
                  r'host_irqs_per_msi (\S+) notices_per_msi (\S+) exits_per_msi (\S+) '
                  r'latency_us (\S+).* sgei (\d+) kinsn_run (-?\d+) kinsn_idle (\d+) '
                  r'irqs_run (-?\d+) irqs_idle (\d+) ns (\d+) n (\d+)')
MODES = ('posted', 'host', 'mrif', 'swhost')
GUESTS = ('busy', 'halted')


def parse(lines):
    runs = {}
    for l in lines:
        m = PERF.match(l)
        if not m:
            continue
        g = m.groups()
        msis, n = int(g[3]), int(g[14])
        runs.setdefault((g[0], g[1]), []).append(dict(
            round=int(g[2]), msis=msis, host=float(g[4]), notices=float(g[5]), exits=float(g[6]),
            lat=float(g[7]), sgei=int(g[8]) / msis,
            kinsn=(int(g[9]) - int(g[10])) / n, irqs=(int(g[11]) - int(g[12])) / n))
    return runs


def spread(vals, fmt):
    med = statistics.median(vals)
    if len(vals) == 1:
        return fmt % med
    return (fmt + ' [' + fmt + '-' + fmt + ']') % (med, min(vals), max(vals))


CAL = re.compile(r'BENCH-CAL (\w+) kinsn (\d+) irqs (\d+) ns (\d+)')


def calibration(lines):
    """The counter's sanity check: kernel instructions per ns of a user-mode loop and of
    idle time (a hart retires about 1 instruction per ns under -icount shift=0)."""
    cal = {m.group(1): int(m.group(2)) / max(int(m.group(4)), 1)
           for m in map(CAL.match, lines) if m}
    ok = 'user_loop' in cal and 'idle' in cal and cal['user_loop'] < 0.05 and cal['idle'] < 0.05
    print('    calibration: a user-mode loop counts %.4f host kernel instructions per ns, '
          'idle %.4f (%s)' % (cal.get('user_loop', -1), cal.get('idle', -1),
                              'ok' if ok else 'FAILED: the counter does not filter modes'))
    return ok


def main():
    lines = open(sys.argv[1], errors='replace').read().splitlines()
    runs = parse(lines)
    failed = [l for l in lines if l.startswith('BENCH-PERF-FAILED')]
    nr = max((len(v) for v in runs.values()), default=0)
    print('--- igb MSI-X via VFIO into 1 vCPU, machine under -icount. With a VS-file: posted')
    print('    (the IOMMU writes it) vs host delivery; with a software file (AIA emulation mode):')
    print('    mrif (the IOMMU writes it, then sends a notice) vs swhost (host delivery).')
    print('    Per delivered MSI, median [min-max] over %d rounds; kinsn = host kernel' % nr)
    print('    instructions (idle subtracted; one hart, see scripts/boot.sh), irqs = host')
    print('    interrupts of any kind (idle subtracted), latency in the machine\'s own time')
    cal_ok = calibration(lines)
    print('%-6s %-6s %9s %8s %6s %24s %18s %24s %6s' % (
        'guest', 'mode', 'vec IRQs', 'notices', 'exits', 'kinsn', 'irqs', 'latency (us)',
        'SGEIs'))
    for guest in GUESTS:
        for mode in MODES:
            r = runs.get((mode, guest))
            if not r:
                continue
            med = lambda k: statistics.median(x[k] for x in r)
            print('%-6s %-6s %9.3f %8.3f %6.2f %24s %18s %24s %6.3f' % (
                guest, mode, med('host'), med('notices'), med('exits'),
                spread([x['kinsn'] for x in r], '%.0f'),
                spread([x['irqs'] for x in r], '%.2f'),
                spread([x['lat'] for x in r], '%.1f'), med('sgei')))
        for mode, base in (('posted', 'host'), ('mrif', 'swhost')):
            p, h = runs.get((mode, guest)), runs.get((base, guest))
            if not p or not h:
                continue
            for k, what in (('kinsn', 'kernel instructions'), ('lat', 'latency')):
                hb = {b['round']: b for b in h}
                ratios = [a[k] / hb[a['round']][k] for a in p
                          if a['round'] in hb and hb[a['round']][k]]
                if ratios:
                    print('%-6s %s/%s %s = %s' % (guest, mode, base, what,
                                                  spread(ratios, '%.2f')))
    for l in failed:
        print(l)
    ok = len(runs) == 8 and not failed and cal_ok
    print('--- %s' % ('OK' if ok else 'FAILED: %d of 8 cases' % len(runs)))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
