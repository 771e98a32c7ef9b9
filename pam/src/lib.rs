//! `pam_stepup.so`: a PAM `auth` module that asks for stepup's second factor
//! (the password stays with `pam_unix`). The rules, throttling, replay
//! protection and audit are the stepup library's own
//! ([`stepup::commands::module`]); this crate only speaks PAM.
//!
//! ```text
//! auth required pam_stepup.so db=/var/lib/stepup/stepup.redb action=sudo
//! auth required pam_stepup.so config=/etc/stepup/config.toml nullok exempt_group=breakglass
//! ```
//!
//! It fails closed: any problem with the arguments, the configuration or
//! the workspace is `PAM_AUTHINFO_UNAVAIL` (except for members of
//! `exempt_group=` when the workspace cannot be reached), and a panic never
//! crosses into the caller.

use pam::constants::{
    PAM_ERROR_MSG, PAM_PROMPT_ECHO_OFF, PAM_PROMPT_ECHO_ON, PAM_TEXT_INFO, PamFlag, PamResultCode,
};
use pam::conv::Conv;
use pam::module::{PamHandle, PamHooks};
use std::ffi::CStr;
use stepup::commands::module::{Answer, Conversation, ModuleArgs, authenticate};
use zeroize::Zeroizing;

struct StepupModule;
pam::pam_hooks!(StepupModule);

impl PamHooks for StepupModule {
    fn sm_authenticate(pamh: &mut PamHandle, args: Vec<&CStr>, _flags: PamFlag) -> PamResultCode {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(pamh, &args)))
            .unwrap_or(PamResultCode::PAM_AUTHINFO_UNAVAIL)
    }

    fn sm_setcred(_: &mut PamHandle, _: Vec<&CStr>, _: PamFlag) -> PamResultCode {
        PamResultCode::PAM_SUCCESS
    }
}

/// The PAM conversation.
struct Talk<'a>(Conv<'a>);

impl Conversation for Talk<'_> {
    fn ask(&mut self, prompt: &str, echo: bool) -> Option<Zeroizing<String>> {
        let style = if echo {
            PAM_PROMPT_ECHO_ON
        } else {
            PAM_PROMPT_ECHO_OFF
        };
        let reply = self.0.send(style, prompt).ok()??;
        reply.as_str().ok().map(|s| Zeroizing::new(s.to_string()))
    }

    fn tell(&mut self, text: &str) {
        let _ = self.0.send(PAM_TEXT_INFO, text);
    }
}

fn run(pamh: &mut PamHandle, args: &[&CStr]) -> PamResultCode {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let parsed = match ModuleArgs::parse(&args) {
        Ok(a) => a,
        Err(why) => {
            log(&format!("bad arguments: {why}"));
            return PamResultCode::PAM_AUTHINFO_UNAVAIL;
        }
    };
    let user = match pamh.get_user(None) {
        Ok(u) => u,
        Err(e) => return e,
    };
    let answer = {
        let conv = match pamh.get_item::<Conv>() {
            Ok(Some(c)) => c,
            _ => {
                log("no PAM conversation");
                return PamResultCode::PAM_AUTHINFO_UNAVAIL;
            }
        };
        let mut talk = Talk(conv);
        let answer = authenticate(&user, &parsed, &mut talk);
        if matches!(answer, Answer::Unreachable(_) | Answer::Unavailable(_)) {
            let _ = talk.0.send(
                PAM_ERROR_MSG,
                "stepup: verification is unavailable; ask an admin",
            );
        }
        answer
    };
    match answer {
        Answer::Success => PamResultCode::PAM_SUCCESS,
        Answer::AuthErr => PamResultCode::PAM_AUTH_ERR,
        Answer::MaxTries => PamResultCode::PAM_MAXTRIES,
        Answer::UserUnknown => PamResultCode::PAM_USER_UNKNOWN,
        Answer::Unreachable(why) | Answer::Unavailable(why) => {
            // Break-glass: only when stepup cannot answer at all.
            if let Some(group) = &parsed.exempt_group
                && in_group(&user, group)
            {
                log(&format!(
                    "{user} let through as a member of {group}: stepup cannot answer ({why})"
                ));
                return PamResultCode::PAM_SUCCESS;
            }
            log(&why);
            PamResultCode::PAM_AUTHINFO_UNAVAIL
        }
    }
}

/// Whether the OS user `user` is in the group `group` (its primary group
/// or a supplementary one, through NSS).
fn in_group(user: &str, group: &str) -> bool {
    use std::ffi::CString;
    let (Ok(cuser), Ok(cgroup)) = (CString::new(user), CString::new(group)) else {
        return false;
    };
    // SAFETY: getpwnam/getgrnam return pointers into static storage or
    // null; the fields used are copied at once. getgrouplist writes at most
    // `n` gids into the buffer it is given and reports how many.
    unsafe {
        let pw = libc::getpwnam(cuser.as_ptr());
        if pw.is_null() {
            return false;
        }
        let primary = (*pw).pw_gid;
        let gr = libc::getgrnam(cgroup.as_ptr());
        if gr.is_null() {
            return false;
        }
        let wanted = (*gr).gr_gid;
        let mut n: libc::c_int = 256;
        let mut gids: Vec<libc::gid_t> = vec![0; n as usize];
        if libc::getgrouplist(cuser.as_ptr(), primary, gids.as_mut_ptr(), &mut n) < 0 {
            return false;
        }
        gids.truncate(n.max(0) as usize);
        gids.contains(&wanted)
    }
}

/// One line to the system log (authpriv), where administrators look.
fn log(text: &str) {
    let Ok(line) = std::ffi::CString::new(format!("pam_stepup: {}", text.replace('\0', " ")))
    else {
        return;
    };
    // SAFETY: a constant format string and a valid C string argument.
    unsafe {
        libc::syslog(
            libc::LOG_AUTHPRIV | libc::LOG_ERR,
            c"%s".as_ptr(),
            line.as_ptr(),
        );
    }
}
