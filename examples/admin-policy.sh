#!/usr/bin/env bash
# An admin's policy script: create a workspace (once), enroll the admin's own
# authenticator (required before `policy set required`), choose the allowed
# methods, add users, and require MFA. Idempotent steps are checked with
# exit codes, as a provisioning script would.
#
#   STEPUP_DB=/srv/acme/stepup.redb ADMIN_PW=... examples/admin-policy.sh
#
# Without STEPUP_DB it runs on a throwaway database. The admin's TOTP secret
# is printed once for the admin to add to their authenticator app.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
if [[ -z "${STEPUP:-}" ]]; then
  cargo build --release --locked --quiet --manifest-path "$here/Cargo.toml"
  STEPUP="$here/target/release/stepup"
fi
if [[ -z "${STEPUP_DB:-}" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  export STEPUP_DB="$work/acme.redb" XDG_STATE_HOME="$work/state"
fi
unset STEPUP_SESSION
ADMIN=${ADMIN:-root}
ADMIN_PW=${ADMIN_PW:-'a long admin passphrase 1'}
stepup() { "$STEPUP" "$@"; }
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

# Admin commands ask the admin for a code (step-up for the `admin` action)
# once the admin has MFA; after one success the session stays fresh for
# `admin` for 10 minutes, so the rest of the run asks nothing. A TOTP step
# is accepted once, so a new code may mean waiting for the next 30 seconds.
TOTP_SECRET=${ADMIN_TOTP_SECRET:-}
last_code=""
next_code() { # sets $code to the app's code, never the one used last
  code=$(printf '%s' "$TOTP_SECRET" | stepup totp-code --secret-stdin)
  while [[ "$code" == "$last_code" ]]; do
    sleep 1
    code=$(printf '%s' "$TOTP_SECRET" | stepup totp-code --secret-stdin)
  done
  last_code=$code
}
# admin INPUT ARGS...: runs `stepup ARGS` with INPUT on standard input,
# and again with the admin's code when it stops for one (exit 10).
admin() {
  local input=$1 rc err
  shift
  err=$(mktemp)
  set +e
  printf '%s' "$input" | stepup "$@" 2>"$err"
  rc=$?
  set -e
  if [[ $rc -eq 10 && -n "$TOTP_SECRET" ]]; then
    rm -f "$err"
    next_code
    printf '%s' "$input" | stepup "$@" --code "$code"
    return
  fi
  cat "$err" >&2
  rm -f "$err"
  return "$rc"
}

# 1. The workspace, once.
if [[ ! -e "$STEPUP_DB" ]]; then
  printf '%s\n' "$ADMIN_PW" | stepup init --admin "$ADMIN" --email "$ADMIN@acme.example" --password-stdin
fi

# 2. Log in. Exit 10 would mean the admin already has MFA: this script then
#    needs a code, e.g. from ADMIN_TOTP_SECRET.
set +e
out=$(printf '%s\n' "$ADMIN_PW" | stepup --json login "$ADMIN" --password-stdin)
rc=$?
set -e
if [[ $rc -eq 10 ]]; then
  : "${ADMIN_TOTP_SECRET:?the admin has MFA: set ADMIN_TOTP_SECRET}"
  next_code
  printf '%s\n' "$ADMIN_PW" | stepup login "$ADMIN" --password-stdin --code "$code"
elif [[ $rc -ne 0 ]]; then
  echo "login failed: $out" >&2
  exit 1
fi

# 3. The admin's own authenticator, if not there yet.
if ! stepup --json whoami | grep -q '"enabled_methods":\["totp"'; then
  set +e
  pending=$(stepup --json method enable totp)
  set -e
  secret=$(printf '%s' "$pending" | json_field secret)
  echo "Add this key to the admin's authenticator app: $secret"
  echo "(otpauth URI: $(printf '%s' "$pending" | json_field otpauth_uri))"
  TOTP_SECRET=$secret
  next_code
  stepup --json method enable totp --code "$code" >/dev/null
  echo "Admin authenticator enabled; the recovery codes were issued to the admin."
fi

# 4. Allowed methods, then users, then the policy.
admin "" policy allow totp email
while read -r name email; do
  [[ -z "$name" ]] && continue
  if stepup --json user show "$name" >/dev/null 2>&1; then
    echo "user $name exists"
  else
    # A random first password; users change it with `stepup passwd`.
    pw=$(head -c 15 /dev/urandom | base64)
    admin "$pw"$'\n' user add "$name" --email "$email" --password-stdin
  fi
done <<'USERS'
alice alice@acme.example
bob   bob@acme.example
USERS
admin "" policy set required
stepup policy show
stepup user list
