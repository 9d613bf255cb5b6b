# Sourced by every script that runs the jar (helpdesk, demo, install, bench): rebuilds
# target/helpdesk.jar when it is missing or older than pom.xml or anything under src/, so a
# `git pull` never leaves a script running yesterday's jar. Bash builtins only (no find), so it
# also works under cron's bare PATH.
#   . "$root/scripts/lib/build.sh"; helpdesk_build "$root"

# True when the jar is missing or something it is built from changed after it.
helpdesk_jar_stale() {
  local root="$1" jar="$1/target/helpdesk.jar" file restore
  [[ -f $jar && ! $root/pom.xml -nt $jar ]] || return 0
  restore="$(shopt -p globstar nullglob)"
  shopt -s globstar nullglob
  # Directories count too: deleting or renaming a source file changes its directory's mtime.
  for file in "$root"/src/**; do
    if [[ $file -nt $jar ]]; then
      eval "$restore"
      return 0
    fi
  done
  eval "$restore"
  return 1
}

helpdesk_build() {
  local root="$1"
  helpdesk_jar_stale "$root" || return 0
  echo "helpdesk: building $root/target/helpdesk.jar (no jar yet, or sources changed; takes a minute)..." >&2
  mvn -B -q -f "$root/pom.xml" -DskipTests package >&2
  # Maven may leave an up-to-date jar untouched; its mtime must still say "built after the sources".
  touch "$root/target/helpdesk.jar"
}
