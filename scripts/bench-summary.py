#!/usr/bin/env python3
"""Print the posting benchmark (guest/bench.sh) as a table from its console log.

Each BENCH-PERF line holds one irq_test run: MSIs sent, host interrupts the device's vector
took per MSI, MRIF notices the host took per MSI, vCPU exits per MSI, mean delivery latency
(from triggering the MSI until the host sees the guest's flag), and SGEIs (guest external
interrupts) taken by the host.
"""
import re
import sys

lines = open(sys.argv[1], errors='replace').read().splitlines()
runs = {}
for l in lines:
    m = re.match(r'BENCH-PERF mode=(\w+) guest=(\w+) msis (\d+) host_irqs_per_msi (\S+) '
                 r'notices_per_msi (\S+) exits_per_msi (\S+) latency_us (\S+) sgei (\d+)', l)
    if m:
        mode, guest, n = m.group(1), m.group(2), int(m.group(3))
        runs[(mode, guest)] = dict(n=n, host=float(m.group(4)), notices=float(m.group(5)),
                                   exits=float(m.group(6)), lat=float(m.group(7)),
                                   sgei=int(m.group(8)) / n)
failed = [l for l in lines if l.startswith('BENCH-PERF-FAILED')]
print('--- igb MSI-X via VFIO into 1 vCPU. With a VS-file: posted (the IOMMU writes it) vs host')
print('    delivery; with a software file (AIA emulation mode): mrif (the IOMMU writes it, then')
print('    sends a notice) vs swhost (host delivery)')
print('%-7s %-6s %6s %14s %12s %10s %13s %10s' % ('guest', 'mode', 'MSIs', 'host IRQs/MSI',
                                                'notices/MSI', 'exits/MSI', 'latency (us)',
                                                'SGEIs/MSI'))
modes = ('posted', 'host', 'mrif', 'swhost')
for guest in ('busy', 'halted'):
    for mode in modes:
        r = runs.get((mode, guest))
        if r:
            print('%-7s %-6s %6d %14.3f %12.3f %10.3f %13.1f %10.3f' % (
                guest, mode, r['n'], r['host'], r['notices'], r['exits'], r['lat'],
                r['sgei']))
    for mode, base in (('posted', 'host'), ('mrif', 'swhost')):
        p, h = runs.get((mode, guest)), runs.get((base, guest))
        if p and h and h['lat']:
            print('%-7s latency %s/%s = %.2f' % (guest, mode, base, p['lat'] / h['lat']))
for l in failed:
    print(l)
ok = len(runs) == 8 and not failed
print('--- %s' % ('OK' if ok else 'FAILED: %d of 8 runs' % len(runs)))
sys.exit(0 if ok else 1)
