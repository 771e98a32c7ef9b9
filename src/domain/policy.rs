//! The admin's policy decisions and the guards around them: `required` only
//! once the admin has a method of their own (as GitHub asks of organisation
//! owners) and while some method is allowed; narrowing the allowed methods
//! only when nobody is left without a way to verify, unless forced.

use super::account::{User, Workspace};
use super::names::{Method, Policy};

/// Why a policy change is refused. The words say what is wrong; the
/// command layer adds what to run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("no verification method is allowed, so nobody could meet the `required` policy")]
    NoMethodAllowed,
    #[error("you have no allowed verification method yourself")]
    AdminHasNoMethod,
    #[error(
        "MFA is required and you would be left without an allowed verification method of your \
         own, with nothing to enroll: you could not get back in; --force does not change this"
    )]
    AdminWouldBeLockedOut,
}

/// Checks that `admin` may move `workspace` to `new`.
pub fn check_set(
    workspace: &Workspace,
    new: Policy,
    admin: &User,
    force: bool,
) -> Result<(), PolicyError> {
    if new != Policy::Required {
        return Ok(());
    }
    if workspace.allowed.is_empty() {
        if !force {
            return Err(PolicyError::NoMethodAllowed);
        }
        // Forced: still never without a method of the admin's own.
        if !admin.mfa.has_any_method() {
            return Err(PolicyError::AdminHasNoMethod);
        }
        return Ok(());
    }
    if admin.usable_methods(workspace).is_empty() {
        return Err(PolicyError::AdminHasNoMethod);
    }
    Ok(())
}

/// Checks that a policy change leaves the acting `admin` a way in: under
/// `required` (now or after the change) an admin without an allowed method
/// of their own would get an enrollment-only session, and with no method
/// allowed there would be nothing to enroll; `--force` never overrides this.
pub fn check_admin_keeps_a_method(after: &Workspace, admin: &User) -> Result<(), PolicyError> {
    if after.policy == Policy::Required && admin.usable_methods(after).is_empty() {
        return Err(PolicyError::AdminWouldBeLockedOut);
    }
    Ok(())
}

/// The users who have an allowed method now and would have none under
/// `after` (recovery codes do not count: they run out).
pub fn stranded_users<'a>(
    before: &Workspace,
    after: &Workspace,
    users: impl IntoIterator<Item = &'a User>,
) -> Vec<String> {
    users
        .into_iter()
        .filter(|u| !u.usable_methods(before).is_empty() && u.usable_methods(after).is_empty())
        .map(|u| u.name.clone())
        .collect()
}

/// The workspace after allowing (`allow = true`) or denying `methods`.
pub fn with_methods(workspace: &Workspace, methods: &[Method], allow: bool) -> Workspace {
    let mut after = workspace.clone();
    let mut set = workspace.allowed.clone();
    if allow {
        set.extend_from_slice(methods);
    } else {
        set.retain(|m| !methods.contains(m));
    }
    after.set_allowed(set);
    after
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::tests::{user_with, workspace};

    #[test]
    fn required_needs_the_admin_to_have_a_method() {
        let ws = workspace(Policy::Enabled, &Method::ALL);
        let bare = user_with(&[], false);
        assert!(check_set(&ws, Policy::Required, &bare, false).is_err());
        assert!(
            check_set(&ws, Policy::Required, &bare, true).is_err(),
            "--force does not skip this"
        );
        let enrolled = user_with(&[Method::Totp], true);
        assert!(check_set(&ws, Policy::Required, &enrolled, false).is_ok());
        // Other policies need nothing.
        assert!(check_set(&ws, Policy::Disabled, &bare, false).is_ok());
    }

    #[test]
    fn required_needs_an_allowed_method_unless_forced() {
        let ws = workspace(Policy::Enabled, &[]);
        let enrolled = user_with(&[Method::Totp], true);
        assert!(check_set(&ws, Policy::Required, &enrolled, false).is_err());
        assert!(check_set(&ws, Policy::Required, &enrolled, true).is_ok());
    }

    #[test]
    fn an_admin_whose_method_is_disallowed_does_not_count() {
        let ws = workspace(Policy::Enabled, &[Method::Email]);
        let totp_only = user_with(&[Method::Totp], true);
        assert!(check_set(&ws, Policy::Required, &totp_only, false).is_err());
    }

    #[test]
    fn denying_names_the_users_it_would_strand() {
        let before = workspace(Policy::Enabled, &Method::ALL);
        let mut a = user_with(&[Method::Totp], true);
        a.name = "a".into();
        let mut b = user_with(&[Method::Totp, Method::Email], true);
        b.name = "b".into();
        let mut c = user_with(&[], false);
        c.name = "c".into();
        let after = with_methods(&before, &[Method::Totp], false);
        assert_eq!(after.allowed, vec![Method::Email]);
        assert_eq!(
            stranded_users(&before, &after, [&a, &b, &c]),
            vec!["a".to_string()]
        );
        let none = with_methods(&before, &Method::ALL, false);
        assert_eq!(
            stranded_users(&before, &none, [&a, &b, &c]),
            vec!["a".to_string(), "b".to_string()]
        );
        let back = with_methods(&none, &[Method::Email, Method::Totp, Method::Email], true);
        assert_eq!(back.allowed, Method::ALL.to_vec());
    }

    #[test]
    fn forcing_never_leaves_the_acting_admin_without_an_allowed_method_under_required() {
        // The newcomer's sequence: required, deny email, deny totp --force.
        let mut ws = workspace(Policy::Enabled, &Method::ALL);
        let admin = user_with(&[Method::Totp], true);
        check_set(&ws, Policy::Required, &admin, false).unwrap();
        ws.policy = Policy::Required;
        let ws = with_methods(&ws, &[Method::Email], false);
        check_admin_keeps_a_method(&ws, &admin).unwrap();
        let after = with_methods(&ws, &[Method::Totp], false);
        assert!(check_admin_keeps_a_method(&after, &admin).is_err());
        // Under enabled the same deny is allowed (MFA still applies; the
        // admin keeps recovery codes and `policy allow` as the way back).
        let enabled = workspace(Policy::Enabled, &[Method::Totp]);
        let after = with_methods(&enabled, &[Method::Totp], false);
        assert!(check_admin_keeps_a_method(&after, &admin).is_ok());
        // set required --force with nothing allowed is refused too.
        let none = workspace(Policy::Required, &[]);
        assert!(check_admin_keeps_a_method(&none, &admin).is_err());
    }

    /// What the CLI lets an admin do, with the same checks it runs.
    #[derive(Debug, Clone, Copy)]
    enum Op {
        Set(Policy, bool),
        Allow(Method),
        Deny(Method, bool),
        Enable(usize, Method),
        Disable(usize, Method),
    }

    /// Whether `admin` can still reach every admin command: a full session
    /// with some option for the step-up, or (in an enrollment-only session,
    /// or with no option left) `policy allow`, which an admin may always run
    /// and which then makes them whole, or an enrollment.
    fn reaches_every_admin_command(ws: &Workspace, admin: &User) -> bool {
        use crate::domain::stepup::{Action, Requirement, requirement};
        let whole = |ws: &Workspace| {
            !admin.enrollment_only(ws)
                && !matches!(
                    requirement(Action::Admin, ws, admin),
                    Requirement::NoOptions
                )
        };
        if whole(ws) {
            return true;
        }
        // `policy allow` of every method (no code needed when no option is
        // left, a recovery code otherwise), then enroll one if they have none.
        let all = with_methods(ws, &Method::ALL, true);
        whole(&all) || !admin.mfa.has_any_method()
    }

    #[test]
    fn no_sequence_of_admin_commands_locks_every_admin_out() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let methods = [Method::Totp, Method::Email];
        let policies = [Policy::Disabled, Policy::Enabled, Policy::Required];
        for _run in 0..500 {
            let mut ws = workspace(Policy::Enabled, &Method::ALL);
            let mut admins = vec![user_with(&[], false), user_with(&[], false)];
            for _step in 0..30 {
                let actor = next(2) as usize;
                let op = match next(5) {
                    0 => Op::Set(policies[next(3) as usize], next(2) == 0),
                    1 => Op::Allow(methods[next(2) as usize]),
                    2 => Op::Deny(methods[next(2) as usize], next(2) == 0),
                    3 => Op::Enable(actor, methods[next(2) as usize]),
                    _ => Op::Disable(actor, methods[next(2) as usize]),
                };
                let admin = admins[actor].clone();
                // The acting admin must be able to run the command at all.
                let can_run = match op {
                    Op::Allow(_) => true,
                    _ => reaches_every_admin_command(&ws, &admin) && !admin.enrollment_only(&ws),
                };
                if !can_run {
                    continue;
                }
                match op {
                    Op::Set(p, force) => {
                        let mut after = ws.clone();
                        after.policy = p;
                        if check_set(&ws, p, &admin, force).is_ok()
                            && check_admin_keeps_a_method(&after, &admin).is_ok()
                        {
                            ws = after;
                        }
                    }
                    Op::Allow(m) => ws = with_methods(&ws, &[m], true),
                    Op::Deny(m, force) => {
                        let after = with_methods(&ws, &[m], false);
                        let users: Vec<&User> = admins.iter().collect();
                        let ok = check_admin_keeps_a_method(&after, &admin).is_ok()
                            && (force || stranded_users(&ws, &after, users).is_empty());
                        if ok {
                            ws = after;
                        }
                    }
                    Op::Enable(i, m) => {
                        if ws.policy != Policy::Disabled && ws.allows(m) {
                            let with = user_with(&[m], true);
                            admins[i].mfa.totp = admins[i].mfa.totp.take().or(with.mfa.totp);
                            admins[i].mfa.email = admins[i].mfa.email.take().or(with.mfa.email);
                            admins[i].mfa.recovery = with.mfa.recovery;
                        }
                    }
                    Op::Disable(i, m) => {
                        // Under required the last method cannot go.
                        let last = admins[i].usable_methods(&ws) == vec![m];
                        if ws.policy != Policy::Disabled && !(ws.policy == Policy::Required && last)
                        {
                            admins[i].mfa.disable(m);
                        }
                    }
                }
                assert!(
                    admins.iter().any(|a| reaches_every_admin_command(&ws, a)),
                    "locked out after {op:?}: {ws:?} {admins:?}"
                );
                // Stronger, without the way back: under required, some
                // admin keeps a full session.
                assert!(
                    ws.policy != Policy::Required
                        || admins.iter().any(|a| !a.usable_methods(&ws).is_empty()),
                    "no admin has a full session after {op:?}: {ws:?}"
                );
            }
        }
    }
}
