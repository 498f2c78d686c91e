"""Comparison point for docs/PERFORMANCE.md: Python's email package over a directory of messages.

Parses every file (compat32), walks it, decodes every leaf payload and reads its file name;
prints the message count. usage: taskset -c 0 python3 bench/compare-python-email.py DIR
"""
import email, email.policy, os, sys
n = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        with open(os.path.join(root, f), 'rb') as fh:
            m = email.message_from_binary_file(fh, policy=email.policy.compat32)
        for part in m.walk():
            if not part.is_multipart():
                part.get_payload(decode=True)
                part.get_filename()
        n += 1
print(n)
