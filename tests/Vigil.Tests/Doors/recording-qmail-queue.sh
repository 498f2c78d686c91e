#!/bin/sh
# A recording qmail-queue stand-in for the door tests: stores what arrives on fd 0 (the message)
# and on fd 1 (the envelope) in $STANDIN_RECORD.message and $STANDIN_RECORD.envelope, then exits
# with $STANDIN_EXIT (0 when unset), as the real qmail-queue would with its own code.
cat > "$STANDIN_RECORD.message" || exit 54
cat <&1 > "$STANDIN_RECORD.envelope" || exit 54
exit "${STANDIN_EXIT:-0}"
