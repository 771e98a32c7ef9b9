# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_stepup_global_optspecs
    string join \n db= config= json no-input h/help V/version
end

function __fish_stepup_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_stepup_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_stepup_using_subcommand
    set -l cmd (__fish_stepup_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c stepup -n "__fish_stepup_needs_command" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_needs_command" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_needs_command" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_needs_command" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_needs_command" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "init" -d 'Create the database and its first admin'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "login" -d 'Log in: password, then a one-time code when MFA applies'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "logout" -d 'End the session'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "whoami" -d 'Show who you are, your methods and your session'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "passwd" -d 'Change your password (with a one-time code when MFA applies)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "method" -d 'Your verification methods: list, enable, disable'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "recovery" -d 'Your recovery codes: list the slots, regenerate the set'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "policy" -d 'The workspace MFA policy and allowed methods (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "user" -d 'Manage the workspace\'s users (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "session" -d 'See and end your sessions (an admin: anyone\'s)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "settings" -d 'The limits that protect accounts, kept in the workspace (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "action" -d 'The actions that ask for step-up verification: built-in and your own'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "key" -d 'Seal the workspace\'s secrets with a key kept outside it (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "audit" -d 'Show the audit log (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "stats" -d 'Show how big the database is, table by table (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "compact" -d 'Shrink the database file by reclaiming its free pages (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "migrate" -d 'Move the whole workspace to another database, file or PostgreSQL (admins)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "totp-code" -d 'Print the current code for a TOTP secret, as an authenticator app would'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "verify" -d 'Ask for step-up verification for an action; exit 0 means "go ahead"'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "exec" -d 'Run a command after step-up verification for an action'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "system" -d 'Install stepup for a team on one server (set-group-ID), or check an installation'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "flush-notices" -d 'Send the queued notices (started by stepup itself after a reply)'
complete -c stepup -n "__fish_stepup_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand init" -l admin -d 'Name of the first admin' -r
complete -c stepup -n "__fish_stepup_using_subcommand init" -l email -d 'The admin\'s email address (needed for email codes)' -r
complete -c stepup -n "__fish_stepup_using_subcommand init" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand init" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand init" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c stepup -n "__fish_stepup_using_subcommand init" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand init" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand init" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand login" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand login" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand login" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand login" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand login" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c stepup -n "__fish_stepup_using_subcommand login" -l print-token -d 'Also print the session token on stdout (for STEPUP_SESSION)'
complete -c stepup -n "__fish_stepup_using_subcommand login" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand login" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand login" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand logout" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand logout" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand logout" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand logout" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand logout" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand logout" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand whoami" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand whoami" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand whoami" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand whoami" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand passwd" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -f -a "list" -d 'Show the allowed methods and which ones you enabled'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -f -a "enable" -d 'Enroll an authenticator app or email codes'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -f -a "disable" -d 'Disable a method (always asks for a code)'
complete -c stepup -n "__fish_stepup_using_subcommand method; and not __fish_seen_subcommand_from list enable disable help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from list" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from list" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from help" -f -a "list" -d 'Show the allowed methods and which ones you enabled'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enroll an authenticator app or email codes'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable a method (always asks for a code)'
complete -c stepup -n "__fish_stepup_using_subcommand method; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -f -a "list" -d 'Show the 10 slots: used or not, when, and how many remain'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -f -a "regenerate" -d 'Issue a new set of 10 codes (asks for a code first)'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and not __fish_seen_subcommand_from list regenerate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from list" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from list" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from regenerate" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from help" -f -a "list" -d 'Show the 10 slots: used or not, when, and how many remain'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from help" -f -a "regenerate" -d 'Issue a new set of 10 codes (asks for a code first)'
complete -c stepup -n "__fish_stepup_using_subcommand recovery; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -f -a "show" -d 'Show the policy and the allowed methods'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -f -a "set" -d 'Set the policy: disabled, enabled or required'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -f -a "allow" -d 'Allow methods for users to enable and verify with'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -f -a "deny" -d 'Stop allowing methods (refused when it strands users, unless --force)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and not __fish_seen_subcommand_from show set allow deny help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from show" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l grace -d 'With `required`: how long users without a method keep full sessions (e.g. 7d, 12h; at most 90d)' -r
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l force -d 'Set `required` even though no method is allowed'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from allow" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -l force -d 'Deny even if it leaves users without an allowed method (never yourself)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from deny" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the policy and the allowed methods'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set the policy: disabled, enabled or required'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "allow" -d 'Allow methods for users to enable and verify with'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "deny" -d 'Stop allowing methods (refused when it strands users, unless --force)'
complete -c stepup -n "__fish_stepup_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "add" -d 'Create a user'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "set" -d 'Change a user\'s email address, role or password'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "list" -d 'List users with their role, methods and lock state'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "show" -d 'Show one user'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "remove" -d 'Remove a user and end their sessions (the last admin cannot be removed)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "unlock" -d 'Clear a user\'s failed-attempt count and lock'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "reset-mfa" -d 'Remove all methods and recovery codes of a user who lost them, and end their sessions'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "import" -d 'Create many users from a JSON Lines or CSV file'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "export" -d 'Write the users to a JSON Lines or CSV file'
complete -c stepup -n "__fish_stepup_using_subcommand user; and not __fish_seen_subcommand_from add set list show remove unlock reset-mfa import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l email -d 'Email address (needed for email codes)' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l admin -d 'Make the user an admin (always asks for your code)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l email -d 'The new email address' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l role -d 'The new role' -r -f -a "admin\t''
member\t''"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l password-stdin -d 'Set a new password, read from the first line of standard input'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l password -d 'Set a new password, prompted for twice on the terminal'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from list" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from list" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from show" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from unlock" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from reset-mfa" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l format -d 'The file\'s format [default: from the extension (.jsonl, .ndjson, .csv) or the content]' -r -f -a "jsonl\t'One JSON object per line'
csv\t'Comma-separated, with a header row'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l atomic -d 'Refuse the whole import when a line is bad (the default)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l skip-invalid -d 'Import the good lines and report the bad ones'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l format -r -f -a "jsonl\t'One JSON object per line'
csv\t'Comma-separated, with a header row'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l include-password-hashes -d 'Include each user\'s argon2 PHC password hash (always asks for your code)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a user'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a user\'s email address, role or password'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List users with their role, methods and lock state'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one user'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a user and end their sessions (the last admin cannot be removed)'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "unlock" -d 'Clear a user\'s failed-attempt count and lock'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "reset-mfa" -d 'Remove all methods and recovery codes of a user who lost them, and end their sessions'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "import" -d 'Create many users from a JSON Lines or CSV file'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the users to a JSON Lines or CSV file'
complete -c stepup -n "__fish_stepup_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -f -a "list" -d 'List your sessions (an admin may add --user NAME)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -f -a "revoke" -d 'End a session by its ID, or all your other sessions'
complete -c stepup -n "__fish_stepup_using_subcommand session; and not __fish_seen_subcommand_from list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from list" -l user -d 'Another user\'s sessions (admins)' -r
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from list" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from list" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l user -d 'Another user\'s sessions (admins)' -r
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l all -d 'Every session of yours except this one (with --user: every session of that user)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your sessions (an admin may add --user NAME)'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'End a session by its ID, or all your other sessions'
complete -c stepup -n "__fish_stepup_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -f -a "show" -d 'Show every limit with its value and unit'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -f -a "set" -d 'Change one limit (always asks for your code)'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and not __fish_seen_subcommand_from show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from show" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show every limit with its value and unit'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change one limit (always asks for your code)'
complete -c stepup -n "__fish_stepup_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -f -a "list" -d 'List the actions with their freshness (any user)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -f -a "add" -d 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -f -a "set" -d 'Change an action\'s freshness or whether it requires MFA (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -f -a "remove" -d 'Remove an action you added (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and not __fish_seen_subcommand_from list add set remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from list" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from list" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l description -d 'What it is for, shown by `stepup action list`' -r
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l fresh-for -d '0, or a duration such as 90s, 10m or 2h (at most 12h) [default: 0]' -r
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l require-mfa -d 'Refuse users to whom MFA does not apply'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l fresh-for -d '0, or a duration such as 90s, 10m or 2h (at most 12h)' -r
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l require-mfa -d 'Whether users to whom MFA does not apply are refused' -r -f -a "true\t''
false\t''"
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the actions with their freshness (any user)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change an action\'s freshness or whether it requires MFA (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an action you added (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand action; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -f -a "init" -d 'Make a key file (or use the one at PATH) and seal the workspace with it'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -f -a "rotate" -d 'Seal everything again with a new key, in one transaction'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -f -a "remove" -d 'Store every secret plain again (unseal), in one transaction'
complete -c stepup -n "__fish_stepup_using_subcommand key; and not __fish_seen_subcommand_from init rotate remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -l new-key-file -d 'The new key file (made when it does not exist)' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "init" -d 'Make a key file (or use the one at PATH) and seal the workspace with it'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Seal everything again with a new key, in one transaction'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Store every secret plain again (unseal), in one transaction'
complete -c stepup -n "__fish_stepup_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l user -d 'Only events about this user (as actor or subject)' -r
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l limit -d 'Show at most this many of the newest events' -r
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Check that the audit log is whole: no event changed, removed or inserted (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from verify" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check that the audit log is whole: no event changed, removed or inserted (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand stats" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand stats" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand stats" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand stats" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand stats" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand compact" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand compact" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand compact" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand compact" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand compact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand compact" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -l to -d 'The new database: a file path that does not exist yet, or a postgres:// URL of an empty database (its password, if any, in the config\'s [database] password_file)' -r
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand migrate" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand completions" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand completions" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand completions" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand completions" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand completions" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand completions" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand totp-code" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand totp-code" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand totp-code" -l secret-stdin -d 'Read the base32 secret from standard input (required: secrets never go on the command line)'
complete -c stepup -n "__fish_stepup_using_subcommand totp-code" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand totp-code" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand totp-code" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand totp-code" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand verify" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand verify" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand verify" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand verify" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand verify" -l require-mfa -d 'Refuse (exit 3) when MFA does not apply to the user'
complete -c stepup -n "__fish_stepup_using_subcommand verify" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand verify" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand verify" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand exec" -l method -d 'Verify with this option (needed when you have two methods)' -r -f -a "totp\t'A code from the authenticator app'
email\t'A code sent by email'
recovery\t'One of the recovery codes'"
complete -c stepup -n "__fish_stepup_using_subcommand exec" -l code -d 'The one-time code (6 digits, or a recovery code); `-` reads it from the next line of standard input' -r
complete -c stepup -n "__fish_stepup_using_subcommand exec" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand exec" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand exec" -l require-mfa -d 'Refuse (exit 3) when MFA does not apply to the user'
complete -c stepup -n "__fish_stepup_using_subcommand exec" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand exec" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand exec" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -f -a "install" -d 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)'
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -f -a "check" -d 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix'
complete -c stepup -n "__fish_stepup_using_subcommand system; and not __fish_seen_subcommand_from install check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l prefix -d 'Where the set-group-ID binary goes (PREFIX/bin/stepup)' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l group -d 'The group that alone may open the workspace' -r
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l admin -d 'The first admin, when the workspace is created' -r
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l email -d 'The first admin\'s email address' -r
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l dry-run -d 'Print the steps without taking any'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from install" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -l prefix -d 'Where the set-group-ID binary was installed (PREFIX/bin/stepup)' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -l group -d 'The group that alone may open the workspace' -r
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from help" -f -a "check" -d 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix'
complete -c stepup -n "__fish_stepup_using_subcommand system; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand flush-notices" -l db -d 'The workspace database: a file, or a postgres:// URL (no password: that goes in the config) [default: the config\'s [database], else $XDG_DATA_HOME/stepup/stepup.redb]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand flush-notices" -l config -d 'The configuration file [default: $XDG_CONFIG_HOME/stepup/config.toml, when it exists]' -r -F
complete -c stepup -n "__fish_stepup_using_subcommand flush-notices" -l json -d 'Print one JSON object on stdout instead of text'
complete -c stepup -n "__fish_stepup_using_subcommand flush-notices" -l no-input -d 'Never prompt (implied when standard input is not a terminal)'
complete -c stepup -n "__fish_stepup_using_subcommand flush-notices" -s h -l help -d 'Print help'
complete -c stepup -n "__fish_stepup_using_subcommand flush-notices" -s V -l version -d 'Print version'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "init" -d 'Create the database and its first admin'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "login" -d 'Log in: password, then a one-time code when MFA applies'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "logout" -d 'End the session'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "whoami" -d 'Show who you are, your methods and your session'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "passwd" -d 'Change your password (with a one-time code when MFA applies)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "method" -d 'Your verification methods: list, enable, disable'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "recovery" -d 'Your recovery codes: list the slots, regenerate the set'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "policy" -d 'The workspace MFA policy and allowed methods (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "user" -d 'Manage the workspace\'s users (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "session" -d 'See and end your sessions (an admin: anyone\'s)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "settings" -d 'The limits that protect accounts, kept in the workspace (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "action" -d 'The actions that ask for step-up verification: built-in and your own'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "key" -d 'Seal the workspace\'s secrets with a key kept outside it (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "audit" -d 'Show the audit log (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "stats" -d 'Show how big the database is, table by table (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "compact" -d 'Shrink the database file by reclaiming its free pages (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "migrate" -d 'Move the whole workspace to another database, file or PostgreSQL (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "completions" -d 'Print a shell completion script'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "totp-code" -d 'Print the current code for a TOTP secret, as an authenticator app would'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "verify" -d 'Ask for step-up verification for an action; exit 0 means "go ahead"'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "exec" -d 'Run a command after step-up verification for an action'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "system" -d 'Install stepup for a team on one server (set-group-ID), or check an installation'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "flush-notices" -d 'Send the queued notices (started by stepup itself after a reply)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and not __fish_seen_subcommand_from init login logout whoami passwd method recovery policy user session settings action key audit stats compact migrate completions totp-code verify exec system flush-notices help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from method" -f -a "list" -d 'Show the allowed methods and which ones you enabled'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from method" -f -a "enable" -d 'Enroll an authenticator app or email codes'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from method" -f -a "disable" -d 'Disable a method (always asks for a code)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from recovery" -f -a "list" -d 'Show the 10 slots: used or not, when, and how many remain'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from recovery" -f -a "regenerate" -d 'Issue a new set of 10 codes (asks for a code first)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Show the policy and the allowed methods'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "set" -d 'Set the policy: disabled, enabled or required'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "allow" -d 'Allow methods for users to enable and verify with'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "deny" -d 'Stop allowing methods (refused when it strands users, unless --force)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Create a user'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "set" -d 'Change a user\'s email address, role or password'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List users with their role, methods and lock state'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'Show one user'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "remove" -d 'Remove a user and end their sessions (the last admin cannot be removed)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "unlock" -d 'Clear a user\'s failed-attempt count and lock'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "reset-mfa" -d 'Remove all methods and recovery codes of a user who lost them, and end their sessions'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "import" -d 'Create many users from a JSON Lines or CSV file'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "export" -d 'Write the users to a JSON Lines or CSV file'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'List your sessions (an admin may add --user NAME)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "revoke" -d 'End a session by its ID, or all your other sessions'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "show" -d 'Show every limit with its value and unit'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "set" -d 'Change one limit (always asks for your code)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from action" -f -a "list" -d 'List the actions with their freshness (any user)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from action" -f -a "add" -d 'Add an action of your own, for `stepup verify` and `stepup exec` (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from action" -f -a "set" -d 'Change an action\'s freshness or whether it requires MFA (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from action" -f -a "remove" -d 'Remove an action you added (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "init" -d 'Make a key file (or use the one at PATH) and seal the workspace with it'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "rotate" -d 'Seal everything again with a new key, in one transaction'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "remove" -d 'Store every secret plain again (unseal), in one transaction'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check that the audit log is whole: no event changed, removed or inserted (admins)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from system" -f -a "install" -d 'Install stepup for everyone on this host, set-group-ID to a `stepup` group (root)'
complete -c stepup -n "__fish_stepup_using_subcommand help; and __fish_seen_subcommand_from system" -f -a "check" -d 'List every owner, mode or setting of the installation that is wrong (exit 1), with its fix'
