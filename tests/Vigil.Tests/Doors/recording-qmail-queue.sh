#!/bin/sh
# A recording qmail-queue stand-in for the door tests. Like the real qmail-queue it reads fd 0
# (the message) to end-of-file first and only then fd 1 (the envelope: F<sender>\0 T<rcpt>\0 ... \0),
# and it stores the message only when the envelope is complete and well formed: a door that dies
# mid-message leaves end-of-file on fd 1 before the envelope's end, and nothing is queued (exit 54,
# qmail-queue's "read error"). What it stores goes to $STANDIN_RECORD.message and
# $STANDIN_RECORD.envelope, renamed into place (envelope first, message last), so a reader never
# sees half a record; then it exits with $STANDIN_EXIT (0 when unset), as the real one would with
# its own code.
record="$STANDIN_RECORD"
cat > "$record.message.tmp" || exit 54
cat <&1 > "$record.envelope.tmp" || exit 54

# Well formed: F line, at least one T line, then the empty field that ends it, and nothing after.
# With each \0 turned into a newline that is: "F...", "T..."+, "" and end-of-file; the file's last
# two bytes must be the two NULs (a missing final \0 would also leave a last empty line).
last=$(tail -c 2 "$record.envelope.tmp" | od -An -tx1 | tr -d ' \n')
if [ "$last" != "0000" ] || ! tr '\0' '\n' < "$record.envelope.tmp" | awk '
    NR == 1 { if ($0 !~ /^F/) bad = 1; next }
    done { bad = 1; next }
    /^T/ { rcpts++; next }
    $0 == "" { done = 1; next }
    { bad = 1 }
    END { exit (bad || !done || rcpts == 0) }'; then
  rm -f "$record.message.tmp" "$record.envelope.tmp"
  exit 54
fi

mv "$record.envelope.tmp" "$record.envelope" || exit 53
mv "$record.message.tmp" "$record.message" || exit 53
exit "${STANDIN_EXIT:-0}"
