"""The second factor after a password login (issue 13). The matrix logs in without a password (no
session waits for a code), so the code and setup pages have nothing to do and send everyone to the
start page; new recovery codes need a session that has given its second factor
(tests/test_second_factor.py)."""

from tests.matrix import statuses

ENTRIES = {
    "accounts:second_factor": (lambda r: {}, statuses(302, 302, 302, 302, 302)),
    "accounts:second_factor_setup": (lambda r: {}, statuses(302, 302, 302, 302, 302)),
    "accounts:recovery_codes": (lambda r: {}, statuses(302, 403, 403, 403, 403)),
}
