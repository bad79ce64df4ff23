#!/usr/bin/env python3
"""Print the posting benchmark (guest/bench.sh) as a table from its console log.

Each BENCH-PERF line holds one case of one round: irq_test's figures (host interrupts the
device's vector took per MSI, MRIF notices per MSI, vCPU exits per MSI, mean delivery latency
in the machine's own time, -icount), SGEIs, and kinsn's counts of host kernel instructions
and host interrupts of every kind over irq_test's MSI loop and over an idle phase of the same
length. Per MSI = (loop - idle) / MSIs. Prints, per case, the median over the rounds and the
spread (min-max), then the ratios posted/host and mrif/swhost of the same rounds. Then MRIF
notices at scale: mrif (1 vCPU) and mrif16 (a device vector posted to the MRIF of each of 16
vCPUs, every MSI to the first); per MSI the notices' host interrupts, their handler's calls,
the kicks (exits of busy vCPUs, wakeups of halted ones) and kinsn, and the ratio 16/1.
"""
import re
import statistics
import sys

PERF = re.compile(r'BENCH-PERF mode=(\w+) guest=(\w+) round=(\d+) msis (\d+) '
                  r'host_irqs_per_msi (\S+) notices_per_msi (\S+) exits_per_msi (\S+) '
                  r'latency_us (\S+)(?: halt_wakeups_per_msi (\S+) notice_irqs_per_msi (\S+))?.* '
                  r'sgei (\d+) kinsn_run (-?\d+) kinsn_idle (\d+) irqs_run (-?\d+) '
                  r'irqs_idle (\d+) ns (\d+) n (\d+)')
MODES = ('posted', 'host', 'mrif', 'swhost')
SCALE = (('mrif', 1), ('mrif16', 16))
GUESTS = ('busy', 'halted')


def parse(lines):
    runs = {}
    for l in lines:
        m = PERF.match(l)
        if not m:
            continue
        g = m.groups()
        msis, n = int(g[3]), int(g[16])
        runs.setdefault((g[0], g[1]), []).append(dict(
            round=int(g[2]), msis=msis, host=float(g[4]), notices=float(g[5]), exits=float(g[6]),
            lat=float(g[7]), wakeups=float(g[8] or -1), notice_irqs=float(g[9] or -1),
            sgei=int(g[10]) / msis, kinsn=(int(g[11]) - int(g[12])) / n,
            irqs=(int(g[13]) - int(g[14])) / n))
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
    print('--- igb MSI-X via VFIO into 1 vCPU, routed once (irq_test -M), machine under -icount.')
    print('    With a VS-file: posted (the IOMMU writes it) vs host delivery; with a software')
    print('    file (AIA emulation mode):')
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
    scale_ok = scale(runs)
    for l in failed:
        print(l)
    ok = len(runs) == 10 and not failed and cal_ok and scale_ok
    print('--- %s' % ('OK' if ok else 'FAILED: %d of 10 cases' % len(runs)))
    return 0 if ok else 1


def scale(runs):
    """MRIF notices at 1 and 16 vCPUs: one notice interrupt, one handler call and (halted)
    one wakeup per MSI in both; prints the 16/1 ratio of kernel instructions per round."""
    ok = True
    print('--- MRIF notices at scale: an igb vector posted to the MRIF of each of 1 and of 16')
    print('    vCPUs, all at once, every MSI to the first (the others halted). Per MSI: notice')
    print('    IRQs (kvm-aia-notice), handler calls (aia_notices), exits, wakeups (halt_wakeup),')
    print('    kinsn, latency; median [min-max]')
    print('%-6s %6s %12s %9s %6s %8s %24s %24s' % (
        'guest', 'vCPUs', 'notice IRQs', 'handler', 'exits', 'wakeups', 'kinsn', 'latency (us)'))
    for guest in GUESTS:
        for mode, nv in SCALE:
            r = runs.get((mode, guest))
            if not r:
                continue
            med = lambda k: statistics.median(x[k] for x in r)
            print('%-6s %6d %12.3f %9.3f %6.2f %8.3f %24s %24s' % (
                guest, nv, med('notice_irqs'), med('notices'), med('exits'), med('wakeups'),
                spread([x['kinsn'] for x in r], '%.0f'), spread([x['lat'] for x in r], '%.1f')))
            for x in r:
                if abs(x['notice_irqs'] - 1) > 0.005 or abs(x['notices'] - 1) > 0.005 or \
                   (guest == 'halted' and abs(x['wakeups'] - 1) > 0.005):
                    print('%-6s %6d round %d: not one notice, call and wakeup per MSI' % (
                        guest, nv, x['round']))
                    ok = False
        a, b = runs.get((SCALE[1][0], guest)), runs.get((SCALE[0][0], guest))
        if a and b:
            bb = {x['round']: x for x in b}
            ratios = [x['kinsn'] / bb[x['round']]['kinsn'] for x in a
                      if x['round'] in bb and bb[x['round']]['kinsn']]
            if ratios:
                print('%-6s 16/1 vCPUs kernel instructions = %s; medians %.2f' % (
                    guest, spread(ratios, '%.2f'),
                    statistics.median(x['kinsn'] for x in a) /
                    statistics.median(x['kinsn'] for x in b)))
    return ok


if __name__ == '__main__':
    sys.exit(main())
