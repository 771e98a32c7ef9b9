//! The example scripts in `examples/` run as documented, so the
//! documentation cannot rot.

use crate::support::*;

fn run_example(name: &str) -> std::process::Output {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    let home = tempfile::tempdir().unwrap();
    std::process::Command::new("bash")
        .arg(&script)
        .env("STEPUP", bin())
        .env("HOME", home.path())
        .env_remove("STEPUP_DB")
        .env_remove("STEPUP_SESSION")
        .env_remove("STEPUP_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_quickstart_runs_from_init_to_step_up() {
    let out = run_example("quickstart.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    for step in ["== 1.", "== 4.", "== 6.", "== 7.", "== done"] {
        assert!(stdout.contains(step), "{step} missing:\n{stdout}");
    }
    assert!(stdout.contains("Password changed."));
    assert!(stdout.contains("verify"), "the audit log is shown");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn the_admin_policy_script_provisions_a_workspace() {
    let out = run_example("admin-policy.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("Add this key to the admin's authenticator app"));
    assert!(stdout.contains("The policy is now required."));
    assert!(stdout.contains("alice") && stdout.contains("bob"));
}

#[test]
fn the_ci_flow_drives_every_step_without_a_terminal() {
    let has_aiosmtpd = std::process::Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    // Never a silent skip: the example needs a real SMTP server.
    assert!(
        has_aiosmtpd,
        "aiosmtpd is missing: install it (python3 -m pip install aiosmtpd) or run `bash .ci/run`, which does"
    );
    let out = run_example("ci-flow.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("Password changed."), "{stdout}");
    assert!(stdout.contains("== done"));
}
