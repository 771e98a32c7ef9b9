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
  code=$(printf '%s' "${ADMIN_TOTP_SECRET:?the admin has MFA: set ADMIN_TOTP_SECRET}" | stepup totp-code --secret-stdin)
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
  code=$(printf '%s' "$secret" | stepup totp-code --secret-stdin)
  stepup --json method enable totp --code "$code" >/dev/null
  echo "Admin authenticator enabled; the recovery codes were issued to the admin."
fi

# 4. Allowed methods, then users, then the policy.
stepup policy allow totp email
while read -r name email; do
  [[ -z "$name" ]] && continue
  if stepup --json user show "$name" >/dev/null 2>&1; then
    echo "user $name exists"
  else
    # A random first password; users change it with `stepup passwd`.
    pw=$(head -c 15 /dev/urandom | base64)
    printf '%s\n' "$pw" | stepup user add "$name" --email "$email" --password-stdin
  fi
done <<'USERS'
alice alice@acme.example
bob   bob@acme.example
USERS
stepup policy set required
stepup policy show
stepup user list
