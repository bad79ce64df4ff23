#!/usr/bin/env python3
"""Print the main job's result in a few readable lines from the demo console log."""
import re
import sys

lines = open(sys.argv[1], errors='replace').read().splitlines()
print('--- RISC-V IOMMU + VFIO demo (console log: %s)' % sys.argv[1])
for l in lines:
    if l.startswith('== '):
        print(l[3:])
cases = [l for l in lines if re.match(r'^(not )?ok \d+ ', l)]
for l in cases:
    if re.search(r'memcpy_success|send_msi|init_remove', l) and '.iommufd.' in l:
        print(l)
bad = [l for l in cases if l.startswith('not ok') or '# SKIP' in l]
done = any(l.startswith('BENCH-DONE') for l in lines)
posted = any(l.startswith('== irq_test -p: exit 0 result:') for l in lines)
mrif = any(l.startswith('== irq_test -p -s -N: exit 0 result:') for l in lines)
ok = cases and not bad and done and posted and mrif
print('--- %s: %d vfio_pci_driver_test cases, %d not passing; posted irq_test %s; MRIF irq_test %s%s' % (
    'OK' if ok else 'FAILED', len(cases), len(bad), 'passed' if posted else 'FAILED',
    'passed' if mrif else 'FAILED', '' if done else ', guest did not finish'))
sys.exit(0 if ok else 1)
