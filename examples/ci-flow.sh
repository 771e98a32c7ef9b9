#!/usr/bin/env bash
# A CI job that drives every flow without a terminal: a service account
# enrolls email (through a local SMTP server) and an authenticator app, then
# logs in with a TOTP code from `stepup totp-code` and changes its password
# with an email code, handling exit 10 (code required) and exit 4 (retry
# later) the way a script should.
#
#   examples/ci-flow.sh          # needs python3 with aiosmtpd (pip install aiosmtpd)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${STEPUP:-}" ]]; then
  cargo build --release --locked --quiet --manifest-path "$here/Cargo.toml"
  STEPUP="$here/target/release/stepup"
fi
work=$(mktemp -d)
export STEPUP_DB="$work/ci.redb" XDG_STATE_HOME="$work/state" STEPUP_CONFIG="$work/stepup.toml"
unset STEPUP_SESSION
stepup() { "$STEPUP" "$@"; }
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
json_number() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }

# A local SMTP server that stores what it receives in a Maildir.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$work/mail" &
smtp_pid=$!
trap 'kill $smtp_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
cat > "$STEPUP_CONFIG" <<CONF
issuer = "Acme CI"
[email]
transport = "smtp"
url = "smtp://127.0.0.1:$port"
from = "Acme CI <mfa@acme.example>"
# A service account's mailbox reads no notices (and the job's folder goes
# away at the end, under the sender stepup starts after each change).
[notify]
enabled = false
CONF
chmod 600 "$STEPUP_CONFIG"

# The newest email code in the Maildir.
mail_count() { ls "$work/mail/new" 2>/dev/null | wc -l; }
wait_mail() {  # wait until more than $1 messages arrived, print the newest code
  for _ in $(seq 100); do
    if (( $(mail_count) > $1 )); then
      grep -h -E '^ {4}[0-9]{6}$' "$(ls -t "$work"/mail/new/* | head -n 1)" | tr -d ' '
      return
    fi
    sleep 0.1
  done
  echo "no email arrived" >&2; exit 1
}
# Run a stepup command that may stop with exit 10; print its JSON.
try() { set +e; out=$("$@"); rc=$?; set -e; printf '%s' "$out"; return $rc; }

PW='ci account passphrase 1'
NEW_PW='ci account passphrase 2'

echo "== setup: a workspace and a service account"
printf '%s\n' 'admin passphrase for ci' | stepup init --admin root --password-stdin >/dev/null
printf '%s\n' 'admin passphrase for ci' | stepup login root --password-stdin >/dev/null
printf '%s\n' "$PW" | stepup user add ci-bot --email ci-bot@acme.example --password-stdin
printf '%s\n' "$PW" | stepup login ci-bot --password-stdin >/dev/null

echo "== enroll email: exit 10 sends the code, --code confirms it"
n=$(mail_count)
try stepup --json method enable email >/dev/null || [[ $? -eq 10 ]]
codes=$(stepup --json method enable email --code "$(wait_mail "$n")")
recovery=$(printf '%s' "$codes" | sed -n 's/.*"recovery_codes":\["\([^"]*\)".*/\1/p')
echo "   email enabled; keep the recovery codes in the CI secret store"

echo "== enroll an authenticator: step-up first (a recovery code here), then confirm"
pending=$(try stepup --json method enable totp --code "$recovery") || [[ $? -eq 10 ]]
secret=$(printf '%s' "$pending" | json_field secret)
used=$(printf '%s' "$secret" | stepup totp-code --secret-stdin)
stepup --json method enable totp --code "$used" >/dev/null
echo "   totp enabled; the secret goes to the CI secret store too"

echo "== log in with a TOTP code (two methods: name the one used)"
while [[ "$(printf '%s' "$secret" | stepup totp-code --secret-stdin)" == "$used" ]]; do sleep 1; done
code=$(printf '%s' "$secret" | stepup totp-code --secret-stdin)
token=$(printf '%s\n' "$PW" | stepup --json login ci-bot --password-stdin --print-token \
          --method totp --code "$code" | json_field token)
export STEPUP_SESSION=$token
stepup whoami

echo "== change the password with an email code; exit 4 means wait and retry"
while :; do
  n=$(mail_count)
  set +e
  out=$(printf '%s\n%s\n' "$PW" "$NEW_PW" | stepup --json passwd --password-stdin --method email)
  rc=$?
  set -e
  case $rc in
    10) break ;;
    4) wait=$(printf '%s' "$out" | json_number retry_after_seconds)
       echo "   resend limit: retrying in ${wait}s"; sleep "$wait" ;;
    *) echo "unexpected exit $rc: $out" >&2; exit 1 ;;
  esac
done
code=$(wait_mail "$n")
# The code goes on stdin after the two passwords (--code -), not on argv.
printf '%s\n%s\n%s\n' "$PW" "$NEW_PW" "$code" | stepup passwd --password-stdin --method email --code -
echo "== done"
