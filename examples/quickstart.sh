#!/usr/bin/env bash
# stepup's main job on a throwaway database: create a workspace, add a user,
# set the policy, enroll an authenticator app, and see step-up verification
# on login and on a password change. Nothing outside a temporary folder is
# touched. Run it from anywhere:
#
#   examples/quickstart.sh                 # builds stepup (release) first
#   STEPUP=/path/to/stepup examples/quickstart.sh
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${STEPUP:-}" ]]; then
  echo "== building stepup (cargo build --release --locked)"
  cargo build --release --locked --quiet --manifest-path "$here/Cargo.toml"
  STEPUP="$here/target/release/stepup"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export STEPUP_DB="$work/workspace.redb"
export XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
unset STEPUP_SESSION STEPUP_CONFIG
stepup() { "$STEPUP" "$@"; }
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

ADMIN_PW='correct horse battery staple'
ALICE_PW='alice has a long passphrase'
ALICE_NEW_PW='alice changed her passphrase'

echo "== 1. an admin creates the workspace"
printf '%s\n' "$ADMIN_PW" | stepup init --admin root --email root@example.com --password-stdin
printf '%s\n' "$ADMIN_PW" | stepup login root --password-stdin

echo "== 2. the admin adds a user and looks at the policy"
printf '%s\n' "$ALICE_PW" | stepup user add alice --email alice@example.com --password-stdin
stepup policy show

echo "== 3. alice logs in (MFA is opt-in and she has no method yet: no code asked)"
printf '%s\n' "$ALICE_PW" | stepup login alice --password-stdin

echo "== 4. alice enrolls an authenticator app (a script reads the secret from --json)"
set +e
enroll=$(stepup --json method enable totp)
rc=$?
set -e
[[ $rc -eq 10 ]] || { echo "expected exit 10, got $rc: $enroll" >&2; exit 1; }
secret=$(printf '%s' "$enroll" | json_field secret)
echo "   secret: $secret   (a phone would scan the QR code instead)"
code=$(printf '%s' "$secret" | stepup totp-code --secret-stdin)
recovery=$(stepup --json method enable totp --code "$code")
first_recovery=$(printf '%s' "$recovery" | sed -n 's/.*"recovery_codes":\["\([^"]*\)".*/\1/p')
echo "   enrolled; 10 recovery codes issued, the first is $first_recovery"

echo "== 5. the admin requires MFA for everyone (the admin must enroll first)"
printf '%s\n' "$ADMIN_PW" | stepup login root --password-stdin
set +e
stepup policy set required
echo "   refused with exit $? (the admin has no method yet)"
set -e
root_enroll=$(stepup --json method enable totp || true)
root_secret=$(printf '%s' "$root_enroll" | json_field secret)
root_codes=$(stepup --json method enable totp --code "$(printf '%s' "$root_secret" | stepup totp-code --secret-stdin)")
root_recovery=$(printf '%s' "$root_codes" | sed -n 's/.*"recovery_codes":\["\([^"]*\)","\([^"]*\)".*/\1/p')
root_recovery2=$(printf '%s' "$root_codes" | sed -n 's/.*"recovery_codes":\["\([^"]*\)","\([^"]*\)".*/\2/p')
echo "   admin commands ask the admin for a code too (step-up for the admin action);"
echo "   the app's code was just used, so a recovery code this time"
stepup policy set required --code "$root_recovery"

echo "== 6. step-up on login: the password alone is not enough (exit 10)"
set +e
printf '%s\n' "$ALICE_PW" | stepup login alice --password-stdin
echo "   exit $?"
set -e
echo "   ... so alice gives a recovery code this time (her app's code was just used)"
printf '%s\n' "$ALICE_PW" | stepup login alice --password-stdin --code "$first_recovery"

echo "== 7. step-up on a password change, in an active session"
echo "   waiting for the authenticator's next 30-second code..."
while [[ "$(printf '%s' "$secret" | stepup totp-code --secret-stdin)" == "$code" ]]; do sleep 1; done
code=$(printf '%s' "$secret" | stepup totp-code --secret-stdin)
printf '%s\n%s\n' "$ALICE_PW" "$ALICE_NEW_PW" | stepup passwd --password-stdin --code "$code"

echo "== 8. what alice sees, and what the admin's audit log says"
stepup whoami
stepup recovery list | tail -n 1
printf '%s\n' "$ADMIN_PW" | stepup login root --password-stdin --code "$root_recovery2" >/dev/null
stepup audit --limit 12
echo "== done: every step above ran on $STEPUP_DB, now deleted"
