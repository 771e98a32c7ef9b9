//! What only a PostgreSQL server has: races across connections, a server
//! that stops or restarts, credentials, a schema from the future.

use crate::support::*;

#[test]
fn init_and_login_work_on_a_fresh_database() {
    let env = Env::with_admin();
    let (rc, v) = env.stepup(&["whoami"]).json();
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["user"], ADMIN);
}
