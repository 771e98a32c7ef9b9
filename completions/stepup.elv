
use builtin;
use str;

set edit:completion:arg-completer[stepup] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'stepup'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'stepup'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create the database and its first admin'
            cand login 'Log in: password, then a one-time code when MFA applies'
            cand logout 'End the session'
            cand whoami 'Show who you are, your methods and your session'
            cand passwd 'Change your password (with a one-time code when MFA applies)'
            cand method 'Your verification methods: list, enable, disable'
            cand recovery 'Your recovery codes: list the slots, regenerate the set'
            cand policy 'The workspace MFA policy and allowed methods (admins)'
            cand user 'Manage the workspace''s users (admins)'
            cand session 'See and end your sessions (an admin: anyone''s)'
            cand settings 'The limits that protect accounts, kept in the workspace (admins)'
            cand action 'The actions that ask for step-up verification: built-in and your own'
            cand key 'Seal the workspace''s secrets with a key kept outside it (admins)'
            cand audit 'Show the audit log (admins)'
            cand stats 'Show how big the database is, table by table (admins)'
            cand compact 'Shrink the database file by reclaiming its free pages (admins)'
            cand migrate 'Move the whole workspace to another database, file or PostgreSQL (admins)'
            cand completions 'Print a shell completion script'
            cand totp-code 'Print the current code for a TOTP secret, as an authenticator app would'
            cand verify 'Ask for step-up verification for an action; exit 0 means "go ahead"'
            cand exec 'Run a command after step-up verification for an action'
            cand system 'Install stepup for a team on one server (set-group-ID), or check an installation'
            cand flush-notices 'Send the queued notices (started by stepup itself after a reply)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;init'= {
            cand --admin 'Name of the first admin'
            cand --email 'The admin''s email address (needed for email codes)'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;login'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --print-token 'Also print the session token on stdout (for STEPUP_SESSION)'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;logout'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;whoami'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;passwd'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;method'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Show the allowed methods and which ones you enabled'
            cand enable 'Enroll an authenticator app or email codes'
            cand disable 'Disable a method (always asks for a code)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;method;list'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;method;enable'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;method;disable'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;method;help'= {
            cand list 'Show the allowed methods and which ones you enabled'
            cand enable 'Enroll an authenticator app or email codes'
            cand disable 'Disable a method (always asks for a code)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;method;help;list'= {
        }
        &'stepup;method;help;enable'= {
        }
        &'stepup;method;help;disable'= {
        }
        &'stepup;method;help;help'= {
        }
        &'stepup;recovery'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Show the 10 slots: used or not, when, and how many remain'
            cand regenerate 'Issue a new set of 10 codes (asks for a code first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;recovery;list'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;recovery;regenerate'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;recovery;help'= {
            cand list 'Show the 10 slots: used or not, when, and how many remain'
            cand regenerate 'Issue a new set of 10 codes (asks for a code first)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;recovery;help;list'= {
        }
        &'stepup;recovery;help;regenerate'= {
        }
        &'stepup;recovery;help;help'= {
        }
        &'stepup;policy'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show the policy and the allowed methods'
            cand set 'Set the policy: disabled, enabled or required'
            cand allow 'Allow methods for users to enable and verify with'
            cand deny 'Stop allowing methods (refused when it strands users, unless --force)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;policy;show'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;policy;set'= {
            cand --grace 'With `required`: how long users without a method keep full sessions (e.g. 7d, 12h; at most 90d)'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --force 'Set `required` even though no method is allowed'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;policy;allow'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;policy;deny'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --force 'Deny even if it leaves users without an allowed method (never yourself)'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;policy;help'= {
            cand show 'Show the policy and the allowed methods'
            cand set 'Set the policy: disabled, enabled or required'
            cand allow 'Allow methods for users to enable and verify with'
            cand deny 'Stop allowing methods (refused when it strands users, unless --force)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;policy;help;show'= {
        }
        &'stepup;policy;help;set'= {
        }
        &'stepup;policy;help;allow'= {
        }
        &'stepup;policy;help;deny'= {
        }
        &'stepup;policy;help;help'= {
        }
        &'stepup;user'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Create a user'
            cand set 'Change a user''s email address, role or password'
            cand list 'List users with their role, methods and lock state'
            cand show 'Show one user'
            cand remove 'Remove a user and end their sessions (the last admin cannot be removed)'
            cand unlock 'Clear a user''s failed-attempt count and lock'
            cand reset-mfa 'Remove all methods and recovery codes of a user who lost them, and end their sessions'
            cand import 'Create many users from a JSON Lines or CSV file'
            cand export 'Write the users to a JSON Lines or CSV file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;user;add'= {
            cand --email 'Email address (needed for email codes)'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --admin 'Make the user an admin (always asks for your code)'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;set'= {
            cand --email 'The new email address'
            cand --role 'The new role'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --password-stdin 'Set a new password, read from the first line of standard input'
            cand --password 'Set a new password, prompted for twice on the terminal'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;list'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;show'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;remove'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;unlock'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;reset-mfa'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;import'= {
            cand --format 'The file''s format [default: from the extension (.jsonl, .ndjson, .csv) or the content]'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --atomic 'Refuse the whole import when a line is bad (the default)'
            cand --skip-invalid 'Import the good lines and report the bad ones'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;export'= {
            cand --format 'format'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --include-password-hashes 'Include each user''s argon2 PHC password hash (always asks for your code)'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;user;help'= {
            cand add 'Create a user'
            cand set 'Change a user''s email address, role or password'
            cand list 'List users with their role, methods and lock state'
            cand show 'Show one user'
            cand remove 'Remove a user and end their sessions (the last admin cannot be removed)'
            cand unlock 'Clear a user''s failed-attempt count and lock'
            cand reset-mfa 'Remove all methods and recovery codes of a user who lost them, and end their sessions'
            cand import 'Create many users from a JSON Lines or CSV file'
            cand export 'Write the users to a JSON Lines or CSV file'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;user;help;add'= {
        }
        &'stepup;user;help;set'= {
        }
        &'stepup;user;help;list'= {
        }
        &'stepup;user;help;show'= {
        }
        &'stepup;user;help;remove'= {
        }
        &'stepup;user;help;unlock'= {
        }
        &'stepup;user;help;reset-mfa'= {
        }
        &'stepup;user;help;import'= {
        }
        &'stepup;user;help;export'= {
        }
        &'stepup;user;help;help'= {
        }
        &'stepup;session'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List your sessions (an admin may add --user NAME)'
            cand revoke 'End a session by its ID, or all your other sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;session;list'= {
            cand --user 'Another user''s sessions (admins)'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;session;revoke'= {
            cand --user 'Another user''s sessions (admins)'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --all 'Every session of yours except this one (with --user: every session of that user)'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;session;help'= {
            cand list 'List your sessions (an admin may add --user NAME)'
            cand revoke 'End a session by its ID, or all your other sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;session;help;list'= {
        }
        &'stepup;session;help;revoke'= {
        }
        &'stepup;session;help;help'= {
        }
        &'stepup;settings'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show every limit with its value and unit'
            cand set 'Change one limit (always asks for your code)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;settings;show'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;settings;set'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;settings;help'= {
            cand show 'Show every limit with its value and unit'
            cand set 'Change one limit (always asks for your code)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;settings;help;show'= {
        }
        &'stepup;settings;help;set'= {
        }
        &'stepup;settings;help;help'= {
        }
        &'stepup;action'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the actions with their freshness (any user)'
            cand add 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)'
            cand set 'Change an action''s freshness or whether it requires MFA (admins)'
            cand remove 'Remove an action you added (admins)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;action;list'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;action;add'= {
            cand --description 'What it is for, shown by `stepup action list`'
            cand --fresh-for '0, or a duration such as 90s, 10m or 2h (at most 12h) [default: 0]'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --require-mfa 'Refuse users to whom MFA does not apply'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;action;set'= {
            cand --fresh-for '0, or a duration such as 90s, 10m or 2h (at most 12h)'
            cand --require-mfa 'Whether users to whom MFA does not apply are refused'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;action;remove'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;action;help'= {
            cand list 'List the actions with their freshness (any user)'
            cand add 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)'
            cand set 'Change an action''s freshness or whether it requires MFA (admins)'
            cand remove 'Remove an action you added (admins)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;action;help;list'= {
        }
        &'stepup;action;help;add'= {
        }
        &'stepup;action;help;set'= {
        }
        &'stepup;action;help;remove'= {
        }
        &'stepup;action;help;help'= {
        }
        &'stepup;key'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Make a key file (or use the one at PATH) and seal the workspace with it'
            cand rotate 'Seal everything again with a new key, in one transaction'
            cand remove 'Store every secret plain again (unseal), in one transaction'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;key;init'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;key;rotate'= {
            cand --new-key-file 'The new key file (made when it does not exist)'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;key;remove'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;key;help'= {
            cand init 'Make a key file (or use the one at PATH) and seal the workspace with it'
            cand rotate 'Seal everything again with a new key, in one transaction'
            cand remove 'Store every secret plain again (unseal), in one transaction'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;key;help;init'= {
        }
        &'stepup;key;help;rotate'= {
        }
        &'stepup;key;help;remove'= {
        }
        &'stepup;key;help;help'= {
        }
        &'stepup;audit'= {
            cand --user 'Only events about this user (as actor or subject)'
            cand --limit 'Show at most this many of the newest events'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check that the audit log is whole: no event changed, removed or inserted (admins)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;audit;verify'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;audit;help'= {
            cand verify 'Check that the audit log is whole: no event changed, removed or inserted (admins)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;audit;help;verify'= {
        }
        &'stepup;audit;help;help'= {
        }
        &'stepup;stats'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;compact'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;migrate'= {
            cand --to 'The new database: a file path that does not exist yet, or a postgres:// URL of an empty database (its password, if any, in the config''s [database] password_file)'
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;completions'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;totp-code'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --secret-stdin 'Read the base32 secret from standard input (required: secrets never go on the command line)'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;verify'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --require-mfa 'Refuse (exit 3) when MFA does not apply to the user'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;exec'= {
            cand --method 'Verify with this option (needed when you have two methods)'
            cand --code 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --require-mfa 'Refuse (exit 3) when MFA does not apply to the user'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;system'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand install 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)'
            cand check 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;system;install'= {
            cand --prefix 'Where the set-group-ID binary goes (PREFIX/bin/stepup)'
            cand --group 'The group that alone may open the workspace'
            cand --admin 'The first admin, when the workspace is created'
            cand --email 'The first admin''s email address'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --dry-run 'Print the steps without taking any'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;system;check'= {
            cand --prefix 'Where the set-group-ID binary was installed (PREFIX/bin/stepup)'
            cand --group 'The group that alone may open the workspace'
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;system;help'= {
            cand install 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)'
            cand check 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;system;help;install'= {
        }
        &'stepup;system;help;check'= {
        }
        &'stepup;system;help;help'= {
        }
        &'stepup;flush-notices'= {
            cand --db 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]'
            cand --config 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]'
            cand --json 'Print one JSON object on stdout instead of text'
            cand --no-input 'Never prompt (implied when standard input is not a terminal)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'stepup;help'= {
            cand init 'Create the database and its first admin'
            cand login 'Log in: password, then a one-time code when MFA applies'
            cand logout 'End the session'
            cand whoami 'Show who you are, your methods and your session'
            cand passwd 'Change your password (with a one-time code when MFA applies)'
            cand method 'Your verification methods: list, enable, disable'
            cand recovery 'Your recovery codes: list the slots, regenerate the set'
            cand policy 'The workspace MFA policy and allowed methods (admins)'
            cand user 'Manage the workspace''s users (admins)'
            cand session 'See and end your sessions (an admin: anyone''s)'
            cand settings 'The limits that protect accounts, kept in the workspace (admins)'
            cand action 'The actions that ask for step-up verification: built-in and your own'
            cand key 'Seal the workspace''s secrets with a key kept outside it (admins)'
            cand audit 'Show the audit log (admins)'
            cand stats 'Show how big the database is, table by table (admins)'
            cand compact 'Shrink the database file by reclaiming its free pages (admins)'
            cand migrate 'Move the whole workspace to another database, file or PostgreSQL (admins)'
            cand completions 'Print a shell completion script'
            cand totp-code 'Print the current code for a TOTP secret, as an authenticator app would'
            cand verify 'Ask for step-up verification for an action; exit 0 means "go ahead"'
            cand exec 'Run a command after step-up verification for an action'
            cand system 'Install stepup for a team on one server (set-group-ID), or check an installation'
            cand flush-notices 'Send the queued notices (started by stepup itself after a reply)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'stepup;help;init'= {
        }
        &'stepup;help;login'= {
        }
        &'stepup;help;logout'= {
        }
        &'stepup;help;whoami'= {
        }
        &'stepup;help;passwd'= {
        }
        &'stepup;help;method'= {
            cand list 'Show the allowed methods and which ones you enabled'
            cand enable 'Enroll an authenticator app or email codes'
            cand disable 'Disable a method (always asks for a code)'
        }
        &'stepup;help;method;list'= {
        }
        &'stepup;help;method;enable'= {
        }
        &'stepup;help;method;disable'= {
        }
        &'stepup;help;recovery'= {
            cand list 'Show the 10 slots: used or not, when, and how many remain'
            cand regenerate 'Issue a new set of 10 codes (asks for a code first)'
        }
        &'stepup;help;recovery;list'= {
        }
        &'stepup;help;recovery;regenerate'= {
        }
        &'stepup;help;policy'= {
            cand show 'Show the policy and the allowed methods'
            cand set 'Set the policy: disabled, enabled or required'
            cand allow 'Allow methods for users to enable and verify with'
            cand deny 'Stop allowing methods (refused when it strands users, unless --force)'
        }
        &'stepup;help;policy;show'= {
        }
        &'stepup;help;policy;set'= {
        }
        &'stepup;help;policy;allow'= {
        }
        &'stepup;help;policy;deny'= {
        }
        &'stepup;help;user'= {
            cand add 'Create a user'
            cand set 'Change a user''s email address, role or password'
            cand list 'List users with their role, methods and lock state'
            cand show 'Show one user'
            cand remove 'Remove a user and end their sessions (the last admin cannot be removed)'
            cand unlock 'Clear a user''s failed-attempt count and lock'
            cand reset-mfa 'Remove all methods and recovery codes of a user who lost them, and end their sessions'
            cand import 'Create many users from a JSON Lines or CSV file'
            cand export 'Write the users to a JSON Lines or CSV file'
        }
        &'stepup;help;user;add'= {
        }
        &'stepup;help;user;set'= {
        }
        &'stepup;help;user;list'= {
        }
        &'stepup;help;user;show'= {
        }
        &'stepup;help;user;remove'= {
        }
        &'stepup;help;user;unlock'= {
        }
        &'stepup;help;user;reset-mfa'= {
        }
        &'stepup;help;user;import'= {
        }
        &'stepup;help;user;export'= {
        }
        &'stepup;help;session'= {
            cand list 'List your sessions (an admin may add --user NAME)'
            cand revoke 'End a session by its ID, or all your other sessions'
        }
        &'stepup;help;session;list'= {
        }
        &'stepup;help;session;revoke'= {
        }
        &'stepup;help;settings'= {
            cand show 'Show every limit with its value and unit'
            cand set 'Change one limit (always asks for your code)'
        }
        &'stepup;help;settings;show'= {
        }
        &'stepup;help;settings;set'= {
        }
        &'stepup;help;action'= {
            cand list 'List the actions with their freshness (any user)'
            cand add 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)'
            cand set 'Change an action''s freshness or whether it requires MFA (admins)'
            cand remove 'Remove an action you added (admins)'
        }
        &'stepup;help;action;list'= {
        }
        &'stepup;help;action;add'= {
        }
        &'stepup;help;action;set'= {
        }
        &'stepup;help;action;remove'= {
        }
        &'stepup;help;key'= {
            cand init 'Make a key file (or use the one at PATH) and seal the workspace with it'
            cand rotate 'Seal everything again with a new key, in one transaction'
            cand remove 'Store every secret plain again (unseal), in one transaction'
        }
        &'stepup;help;key;init'= {
        }
        &'stepup;help;key;rotate'= {
        }
        &'stepup;help;key;remove'= {
        }
        &'stepup;help;audit'= {
            cand verify 'Check that the audit log is whole: no event changed, removed or inserted (admins)'
        }
        &'stepup;help;audit;verify'= {
        }
        &'stepup;help;stats'= {
        }
        &'stepup;help;compact'= {
        }
        &'stepup;help;migrate'= {
        }
        &'stepup;help;completions'= {
        }
        &'stepup;help;totp-code'= {
        }
        &'stepup;help;verify'= {
        }
        &'stepup;help;exec'= {
        }
        &'stepup;help;system'= {
            cand install 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)'
            cand check 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix'
        }
        &'stepup;help;system;install'= {
        }
        &'stepup;help;system;check'= {
        }
        &'stepup;help;flush-notices'= {
        }
        &'stepup;help;help'= {
        }
    ]
    $completions[$command]
}
