//! The admin's policy decisions and the guards around them: `required` only
//! once the admin has a method of their own (as GitHub asks of organisation
//! owners) and while some method is allowed; narrowing the allowed methods
//! only when nobody is left without a way to verify, unless forced.

use super::account::{User, Workspace};
use super::names::{Method, Policy};

/// Checks that `admin` may move `workspace` to `new`.
pub fn check_set(
    workspace: &Workspace,
    new: Policy,
    admin: &User,
    force: bool,
) -> Result<(), String> {
    if new != Policy::Required {
        return Ok(());
    }
    if workspace.allowed.is_empty() {
        if !force {
            return Err(
                "no verification method is allowed, so nobody could meet the `required` policy; \
                 allow one first (stepup policy allow totp), or pass --force"
                    .into(),
            );
        }
        // Forced: still never without a method of the admin's own.
        if !admin.mfa.has_any_method() {
            return Err(admin_needs_method());
        }
        return Ok(());
    }
    if admin.usable_methods(workspace).is_empty() {
        return Err(admin_needs_method());
    }
    Ok(())
}

fn admin_needs_method() -> String {
    "you have no allowed verification method yourself; enable one first \
     (stepup method enable totp), then require it of everyone"
        .into()
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
}
