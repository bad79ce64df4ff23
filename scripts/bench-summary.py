#!/usr/bin/env python3
"""Print the posting benchmark (guest/bench.sh) as a table from its console log.

Each BENCH-PERF line holds one irq_test run: MSIs sent, host interrupts the device's vector
took per MSI, vCPU exits per MSI, mean delivery latency (from triggering the MSI until the
host sees the guest's flag), and SGEIs (guest external interrupts) taken by the host.
"""
import re
import sys

lines = open(sys.argv[1], errors='replace').read().splitlines()
runs = {}
for l in lines:
    m = re.match(r'BENCH-PERF mode=(\w+) guest=(\w+) msis (\d+) host_irqs_per_msi (\S+) '
                 r'exits_per_msi (\S+) latency_us (\S+) sgei (\d+)', l)
    if m:
        mode, guest, n = m.group(1), m.group(2), int(m.group(3))
        runs[(mode, guest)] = dict(n=n, host=float(m.group(4)), exits=float(m.group(5)),
                                   lat=float(m.group(6)), sgei=int(m.group(7)) / n)
failed = [l for l in lines if l.startswith('BENCH-PERF-FAILED')]
print('--- posted (IOMMU writes the VS-file) vs host delivery, igb MSI-X via VFIO, 1 vCPU')
print('%-7s %-6s %6s %16s %14s %16s %12s' % ('guest', 'mode', 'MSIs', 'host IRQs/MSI',
                                             'exits/MSI', 'latency (us)', 'SGEIs/MSI'))
for guest in ('busy', 'halted'):
    for mode in ('posted', 'host'):
        r = runs.get((mode, guest))
        if r:
            print('%-7s %-6s %6d %16.3f %14.3f %16.1f %12.3f' % (
                guest, mode, r['n'], r['host'], r['exits'], r['lat'], r['sgei']))
    p, h = runs.get(('posted', guest)), runs.get(('host', guest))
    if p and h and h['lat']:
        print('%-7s latency posted/host = %.2f' % (guest, p['lat'] / h['lat']))
for l in failed:
    print(l)
ok = len(runs) == 4 and not failed
print('--- %s' % ('OK' if ok else 'FAILED: %d of 4 runs' % len(runs)))
sys.exit(0 if ok else 1)
