
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'stepup' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'stepup'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'stepup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the database and its first admin')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in: password, then a one-time code when MFA applies')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the session')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who you are, your methods and your session')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change your password (with a one-time code when MFA applies)')
            [CompletionResult]::new('method', 'method', [CompletionResultType]::ParameterValue, 'Your verification methods: list, enable, disable')
            [CompletionResult]::new('recovery', 'recovery', [CompletionResultType]::ParameterValue, 'Your recovery codes: list the slots, regenerate the set')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'The workspace MFA policy and allowed methods (admins)')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage the workspace''s users (admins)')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'See and end your sessions (an admin: anyone''s)')
            [CompletionResult]::new('settings', 'settings', [CompletionResultType]::ParameterValue, 'The limits that protect accounts, kept in the workspace (admins)')
            [CompletionResult]::new('action', 'action', [CompletionResultType]::ParameterValue, 'The actions that ask for step-up verification: built-in and your own')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Seal the workspace''s secrets with a key kept outside it (admins)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log (admins)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Show how big the database is, table by table (admins)')
            [CompletionResult]::new('compact', 'compact', [CompletionResultType]::ParameterValue, 'Shrink the database file by reclaiming its free pages (admins)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Move the whole workspace to another database, file or PostgreSQL (admins)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('totp-code', 'totp-code', [CompletionResultType]::ParameterValue, 'Print the current code for a TOTP secret, as an authenticator app would')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Ask for step-up verification for an action; exit 0 means "go ahead"')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command after step-up verification for an action')
            [CompletionResult]::new('system', 'system', [CompletionResultType]::ParameterValue, 'Install stepup for a team on one server (set-group-ID), or check an installation')
            [CompletionResult]::new('flush-notices', 'flush-notices', [CompletionResultType]::ParameterValue, 'Send the queued notices (started by stepup itself after a reply)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;init' {
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Name of the first admin')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The admin''s email address (needed for email codes)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;login' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--print-token', '--print-token', [CompletionResultType]::ParameterName, 'Also print the session token on stdout (for STEPUP_SESSION)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;logout' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;whoami' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;passwd' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;method' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the allowed methods and which ones you enabled')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enroll an authenticator app or email codes')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable a method (always asks for a code)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;method;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;method;enable' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;method;disable' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;method;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the allowed methods and which ones you enabled')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enroll an authenticator app or email codes')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable a method (always asks for a code)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;method;help;list' {
            break
        }
        'stepup;method;help;enable' {
            break
        }
        'stepup;method;help;disable' {
            break
        }
        'stepup;method;help;help' {
            break
        }
        'stepup;recovery' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the 10 slots: used or not, when, and how many remain')
            [CompletionResult]::new('regenerate', 'regenerate', [CompletionResultType]::ParameterValue, 'Issue a new set of 10 codes (asks for a code first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;recovery;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;recovery;regenerate' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;recovery;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the 10 slots: used or not, when, and how many remain')
            [CompletionResult]::new('regenerate', 'regenerate', [CompletionResultType]::ParameterValue, 'Issue a new set of 10 codes (asks for a code first)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;recovery;help;list' {
            break
        }
        'stepup;recovery;help;regenerate' {
            break
        }
        'stepup;recovery;help;help' {
            break
        }
        'stepup;policy' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the policy and the allowed methods')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the policy: disabled, enabled or required')
            [CompletionResult]::new('allow', 'allow', [CompletionResultType]::ParameterValue, 'Allow methods for users to enable and verify with')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Stop allowing methods (refused when it strands users, unless --force)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;policy;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;policy;set' {
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'With `required`: how long users without a method keep full sessions (e.g. 7d, 12h; at most 90d)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Set `required` even though no method is allowed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;policy;allow' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;policy;deny' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Deny even if it leaves users without an allowed method (never yourself)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the policy and the allowed methods')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the policy: disabled, enabled or required')
            [CompletionResult]::new('allow', 'allow', [CompletionResultType]::ParameterValue, 'Allow methods for users to enable and verify with')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Stop allowing methods (refused when it strands users, unless --force)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;policy;help;show' {
            break
        }
        'stepup;policy;help;set' {
            break
        }
        'stepup;policy;help;allow' {
            break
        }
        'stepup;policy;help;deny' {
            break
        }
        'stepup;policy;help;help' {
            break
        }
        'stepup;user' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a user''s email address, role or password')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users with their role, methods and lock state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one user')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a user and end their sessions (the last admin cannot be removed)')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Clear a user''s failed-attempt count and lock')
            [CompletionResult]::new('reset-mfa', 'reset-mfa', [CompletionResultType]::ParameterValue, 'Remove all methods and recovery codes of a user who lost them, and end their sessions')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create many users from a JSON Lines or CSV file')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the users to a JSON Lines or CSV file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;user;add' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email address (needed for email codes)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Make the user an admin (always asks for your code)')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;set' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The new email address')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The new role')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Set a new password, read from the first line of standard input')
            [CompletionResult]::new('--password', '--password', [CompletionResultType]::ParameterName, 'Set a new password, prompted for twice on the terminal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;remove' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;unlock' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;reset-mfa' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;import' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The file''s format [default: from the extension (.jsonl, .ndjson, .csv) or the content]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--atomic', '--atomic', [CompletionResultType]::ParameterName, 'Refuse the whole import when a line is bad (the default)')
            [CompletionResult]::new('--skip-invalid', '--skip-invalid', [CompletionResultType]::ParameterName, 'Import the good lines and report the bad ones')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--include-password-hashes', '--include-password-hashes', [CompletionResultType]::ParameterName, 'Include each user''s argon2 PHC password hash (always asks for your code)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;user;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a user''s email address, role or password')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users with their role, methods and lock state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one user')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a user and end their sessions (the last admin cannot be removed)')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Clear a user''s failed-attempt count and lock')
            [CompletionResult]::new('reset-mfa', 'reset-mfa', [CompletionResultType]::ParameterValue, 'Remove all methods and recovery codes of a user who lost them, and end their sessions')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create many users from a JSON Lines or CSV file')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the users to a JSON Lines or CSV file')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;user;help;add' {
            break
        }
        'stepup;user;help;set' {
            break
        }
        'stepup;user;help;list' {
            break
        }
        'stepup;user;help;show' {
            break
        }
        'stepup;user;help;remove' {
            break
        }
        'stepup;user;help;unlock' {
            break
        }
        'stepup;user;help;reset-mfa' {
            break
        }
        'stepup;user;help;import' {
            break
        }
        'stepup;user;help;export' {
            break
        }
        'stepup;user;help;help' {
            break
        }
        'stepup;session' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your sessions (an admin may add --user NAME)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a session by its ID, or all your other sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;session;list' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Another user''s sessions (admins)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;session;revoke' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Another user''s sessions (admins)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every session of yours except this one (with --user: every session of that user)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;session;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your sessions (an admin may add --user NAME)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a session by its ID, or all your other sessions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;session;help;list' {
            break
        }
        'stepup;session;help;revoke' {
            break
        }
        'stepup;session;help;help' {
            break
        }
        'stepup;settings' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every limit with its value and unit')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one limit (always asks for your code)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;settings;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;settings;set' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;settings;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every limit with its value and unit')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one limit (always asks for your code)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;settings;help;show' {
            break
        }
        'stepup;settings;help;set' {
            break
        }
        'stepup;settings;help;help' {
            break
        }
        'stepup;action' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the actions with their freshness (any user)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an action''s freshness or whether it requires MFA (admins)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an action you added (admins)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;action;list' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;action;add' {
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What it is for, shown by `stepup action list`')
            [CompletionResult]::new('--fresh-for', '--fresh-for', [CompletionResultType]::ParameterName, '0, or a duration such as 90s, 10m or 2h (at most 12h) [default: 0]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--require-mfa', '--require-mfa', [CompletionResultType]::ParameterName, 'Refuse users to whom MFA does not apply')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;action;set' {
            [CompletionResult]::new('--fresh-for', '--fresh-for', [CompletionResultType]::ParameterName, '0, or a duration such as 90s, 10m or 2h (at most 12h)')
            [CompletionResult]::new('--require-mfa', '--require-mfa', [CompletionResultType]::ParameterName, 'Whether users to whom MFA does not apply are refused')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;action;remove' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;action;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the actions with their freshness (any user)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an action''s freshness or whether it requires MFA (admins)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an action you added (admins)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;action;help;list' {
            break
        }
        'stepup;action;help;add' {
            break
        }
        'stepup;action;help;set' {
            break
        }
        'stepup;action;help;remove' {
            break
        }
        'stepup;action;help;help' {
            break
        }
        'stepup;key' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a key file (or use the one at PATH) and seal the workspace with it')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Seal everything again with a new key, in one transaction')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Store every secret plain again (unseal), in one transaction')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;key;init' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;key;rotate' {
            [CompletionResult]::new('--new-key-file', '--new-key-file', [CompletionResultType]::ParameterName, 'The new key file (made when it does not exist)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;key;remove' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;key;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a key file (or use the one at PATH) and seal the workspace with it')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Seal everything again with a new key, in one transaction')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Store every secret plain again (unseal), in one transaction')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;key;help;init' {
            break
        }
        'stepup;key;help;rotate' {
            break
        }
        'stepup;key;help;remove' {
            break
        }
        'stepup;key;help;help' {
            break
        }
        'stepup;audit' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only events about this user (as actor or subject)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most this many of the newest events')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the audit log is whole: no event changed, removed or inserted (admins)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;audit;verify' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the audit log is whole: no event changed, removed or inserted (admins)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;audit;help;verify' {
            break
        }
        'stepup;audit;help;help' {
            break
        }
        'stepup;stats' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;compact' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;migrate' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The new database: a file path that does not exist yet, or a postgres:// URL of an empty database (its password, if any, in the config''s [database] password_file)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;totp-code' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--secret-stdin', '--secret-stdin', [CompletionResultType]::ParameterName, 'Read the base32 secret from standard input (required: secrets never go on the command line)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;verify' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--require-mfa', '--require-mfa', [CompletionResultType]::ParameterName, 'Refuse (exit 3) when MFA does not apply to the user')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;exec' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Verify with this option (needed when you have two methods)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--require-mfa', '--require-mfa', [CompletionResultType]::ParameterName, 'Refuse (exit 3) when MFA does not apply to the user')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;system' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;system;install' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Where the set-group-ID binary goes (PREFIX/bin/stepup)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group that alone may open the workspace')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'The first admin, when the workspace is created')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The first admin''s email address')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the steps without taking any')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;system;check' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Where the set-group-ID binary was installed (PREFIX/bin/stepup)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The group that alone may open the workspace')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;system;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;system;help;install' {
            break
        }
        'stepup;system;help;check' {
            break
        }
        'stepup;system;help;help' {
            break
        }
        'stepup;flush-notices' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config''s [database], else $XDG_DATA_HOME/stepup/stepup.redb]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object on stdout instead of text')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt (implied when standard input is not a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'stepup;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the database and its first admin')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in: password, then a one-time code when MFA applies')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the session')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who you are, your methods and your session')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change your password (with a one-time code when MFA applies)')
            [CompletionResult]::new('method', 'method', [CompletionResultType]::ParameterValue, 'Your verification methods: list, enable, disable')
            [CompletionResult]::new('recovery', 'recovery', [CompletionResultType]::ParameterValue, 'Your recovery codes: list the slots, regenerate the set')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'The workspace MFA policy and allowed methods (admins)')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage the workspace''s users (admins)')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'See and end your sessions (an admin: anyone''s)')
            [CompletionResult]::new('settings', 'settings', [CompletionResultType]::ParameterValue, 'The limits that protect accounts, kept in the workspace (admins)')
            [CompletionResult]::new('action', 'action', [CompletionResultType]::ParameterValue, 'The actions that ask for step-up verification: built-in and your own')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Seal the workspace''s secrets with a key kept outside it (admins)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log (admins)')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Show how big the database is, table by table (admins)')
            [CompletionResult]::new('compact', 'compact', [CompletionResultType]::ParameterValue, 'Shrink the database file by reclaiming its free pages (admins)')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Move the whole workspace to another database, file or PostgreSQL (admins)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('totp-code', 'totp-code', [CompletionResultType]::ParameterValue, 'Print the current code for a TOTP secret, as an authenticator app would')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Ask for step-up verification for an action; exit 0 means "go ahead"')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command after step-up verification for an action')
            [CompletionResult]::new('system', 'system', [CompletionResultType]::ParameterValue, 'Install stepup for a team on one server (set-group-ID), or check an installation')
            [CompletionResult]::new('flush-notices', 'flush-notices', [CompletionResultType]::ParameterValue, 'Send the queued notices (started by stepup itself after a reply)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'stepup;help;init' {
            break
        }
        'stepup;help;login' {
            break
        }
        'stepup;help;logout' {
            break
        }
        'stepup;help;whoami' {
            break
        }
        'stepup;help;passwd' {
            break
        }
        'stepup;help;method' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the allowed methods and which ones you enabled')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enroll an authenticator app or email codes')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable a method (always asks for a code)')
            break
        }
        'stepup;help;method;list' {
            break
        }
        'stepup;help;method;enable' {
            break
        }
        'stepup;help;method;disable' {
            break
        }
        'stepup;help;recovery' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the 10 slots: used or not, when, and how many remain')
            [CompletionResult]::new('regenerate', 'regenerate', [CompletionResultType]::ParameterValue, 'Issue a new set of 10 codes (asks for a code first)')
            break
        }
        'stepup;help;recovery;list' {
            break
        }
        'stepup;help;recovery;regenerate' {
            break
        }
        'stepup;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the policy and the allowed methods')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set the policy: disabled, enabled or required')
            [CompletionResult]::new('allow', 'allow', [CompletionResultType]::ParameterValue, 'Allow methods for users to enable and verify with')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Stop allowing methods (refused when it strands users, unless --force)')
            break
        }
        'stepup;help;policy;show' {
            break
        }
        'stepup;help;policy;set' {
            break
        }
        'stepup;help;policy;allow' {
            break
        }
        'stepup;help;policy;deny' {
            break
        }
        'stepup;help;user' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a user')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a user''s email address, role or password')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users with their role, methods and lock state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one user')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a user and end their sessions (the last admin cannot be removed)')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Clear a user''s failed-attempt count and lock')
            [CompletionResult]::new('reset-mfa', 'reset-mfa', [CompletionResultType]::ParameterValue, 'Remove all methods and recovery codes of a user who lost them, and end their sessions')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create many users from a JSON Lines or CSV file')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the users to a JSON Lines or CSV file')
            break
        }
        'stepup;help;user;add' {
            break
        }
        'stepup;help;user;set' {
            break
        }
        'stepup;help;user;list' {
            break
        }
        'stepup;help;user;show' {
            break
        }
        'stepup;help;user;remove' {
            break
        }
        'stepup;help;user;unlock' {
            break
        }
        'stepup;help;user;reset-mfa' {
            break
        }
        'stepup;help;user;import' {
            break
        }
        'stepup;help;user;export' {
            break
        }
        'stepup;help;session' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List your sessions (an admin may add --user NAME)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'End a session by its ID, or all your other sessions')
            break
        }
        'stepup;help;session;list' {
            break
        }
        'stepup;help;session;revoke' {
            break
        }
        'stepup;help;settings' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show every limit with its value and unit')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change one limit (always asks for your code)')
            break
        }
        'stepup;help;settings;show' {
            break
        }
        'stepup;help;settings;set' {
            break
        }
        'stepup;help;action' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the actions with their freshness (any user)')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an action''s freshness or whether it requires MFA (admins)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an action you added (admins)')
            break
        }
        'stepup;help;action;list' {
            break
        }
        'stepup;help;action;add' {
            break
        }
        'stepup;help;action;set' {
            break
        }
        'stepup;help;action;remove' {
            break
        }
        'stepup;help;key' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a key file (or use the one at PATH) and seal the workspace with it')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Seal everything again with a new key, in one transaction')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Store every secret plain again (unseal), in one transaction')
            break
        }
        'stepup;help;key;init' {
            break
        }
        'stepup;help;key;rotate' {
            break
        }
        'stepup;help;key;remove' {
            break
        }
        'stepup;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the audit log is whole: no event changed, removed or inserted (admins)')
            break
        }
        'stepup;help;audit;verify' {
            break
        }
        'stepup;help;stats' {
            break
        }
        'stepup;help;compact' {
            break
        }
        'stepup;help;migrate' {
            break
        }
        'stepup;help;completions' {
            break
        }
        'stepup;help;totp-code' {
            break
        }
        'stepup;help;verify' {
            break
        }
        'stepup;help;exec' {
            break
        }
        'stepup;help;system' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix')
            break
        }
        'stepup;help;system;install' {
            break
        }
        'stepup;help;system;check' {
            break
        }
        'stepup;help;flush-notices' {
            break
        }
        'stepup;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
