# The launcher's body, shared by scripts/helpdesk and the launcher that scripts/install writes
# (it copies this file into PREFIX/bin/helpdesk). POSIX sh and shell builtins only, so it runs
# under cron's and systemd's bare environment, and even with a PATH that has no java on it.
#
# Java: $JAVA_HOME if set (refused, not skipped, if older than 17: it was chosen on purpose), else
# `java` on PATH, else the usual install locations. JVM options: -Xmx128m, then $HELPDESK_JAVA_OPTS
# (split at spaces; the last -Xmx wins, so HELPDESK_JAVA_OPTS=-Xmx512m raises the heap).
#   helpdesk_run JAR ARGS...

HELPDESK_MIN_JAVA=17
# Measured with scripts/bench --big 50: a 50 MB message drains within 128 MB (it is spooled to disk
# and parsed as a stream), peak RSS 192 MB.
HELPDESK_DEFAULT_JAVA_OPTS="-Xmx128m"

# Prints "helpdesk: " and the first line, then the other lines as they are, and exits 127 (the
# shell's "command not found": what is missing is a command, java).
helpdesk_fail() {
  printf 'helpdesk: %s\n' "$1" >&2
  shift
  printf '%s\n' "$@" >&2
  exit 127
}

# Prints the major version (8 for 1.8.0_392, 17 for 17.0.15) of the java binary $1, or nothing.
helpdesk_java_major() {
  _hj_version=""
  _hj_bin="$1"
  # The release file of the JDK answers without starting a JVM (resolve /usr/bin/java to find it).
  if command -v readlink >/dev/null 2>&1; then
    _hj_bin="$(readlink -f "$1" 2>/dev/null || printf '%s' "$1")"
  fi
  _hj_home="${_hj_bin%/bin/java}"
  if [ "$_hj_home" != "$_hj_bin" ] && [ -f "$_hj_home/release" ]; then
    while IFS= read -r _hj_line || [ -n "$_hj_line" ]; do
      case "$_hj_line" in
        JAVA_VERSION=*) _hj_version="${_hj_line#JAVA_VERSION=}"; _hj_version="${_hj_version#\"}" ;;
      esac
    done < "$_hj_home/release"
  fi
  if [ -z "$_hj_version" ]; then
    _hj_out="$("$1" -version 2>&1)" || true
    case "$_hj_out" in
      *'version "'*) _hj_version="${_hj_out#*version \"}" ;;
    esac
  fi
  _hj_version="${_hj_version%%\"*}"
  case "$_hj_version" in
    1.*) _hj_version="${_hj_version#1.}" ;;
  esac
  printf '%s' "${_hj_version%%[!0-9]*}"
}

# Sets HELPDESK_JAVA to a java binary of version 17 or newer, or exits 127 saying what it looked at.
helpdesk_find_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    if [ ! -x "$JAVA_HOME/bin/java" ]; then
      helpdesk_fail "JAVA_HOME is $JAVA_HOME, but there is no $JAVA_HOME/bin/java." \
        "Fix: set JAVA_HOME to a Java $HELPDESK_MIN_JAVA or newer (for example /usr/lib/jvm/java-17-openjdk-amd64), or unset it to let helpdesk search PATH and /usr/lib/jvm."
    fi
    _hf_major="$(helpdesk_java_major "$JAVA_HOME/bin/java")"
    if [ "${_hf_major:-0}" -lt "$HELPDESK_MIN_JAVA" ]; then
      helpdesk_fail "JAVA_HOME is $JAVA_HOME, which is Java ${_hf_major:-of an unknown version}; helpdesk needs Java $HELPDESK_MIN_JAVA or newer." \
        "Fix: set JAVA_HOME to a Java $HELPDESK_MIN_JAVA or newer (for example /usr/lib/jvm/java-17-openjdk-amd64), or unset it to let helpdesk search PATH and /usr/lib/jvm."
    fi
    HELPDESK_JAVA="$JAVA_HOME/bin/java"
    return 0
  fi
  _hf_on_path="$(command -v java 2>/dev/null || true)"
  _hf_looked=""
  for _hf_java in $_hf_on_path /usr/lib/jvm/*/bin/java /usr/local/lib/jvm/*/bin/java /usr/java/*/bin/java \
      /opt/java/*/bin/java /opt/jdk*/bin/java; do
    [ -x "$_hf_java" ] || continue
    _hf_major="$(helpdesk_java_major "$_hf_java")"
    if [ "${_hf_major:-0}" -ge "$HELPDESK_MIN_JAVA" ]; then
      HELPDESK_JAVA="$_hf_java"
      return 0
    fi
    _hf_looked="$_hf_looked  too old: $_hf_java is Java ${_hf_major:-of an unknown version}
"
  done
  helpdesk_fail "found no Java $HELPDESK_MIN_JAVA or newer. Looked at:" \
    "  JAVA_HOME: not set" \
    "  java on PATH ($PATH): ${_hf_on_path:-none}" \
    "  /usr/lib/jvm/*, /usr/local/lib/jvm/*, /usr/java/*, /opt/java/*, /opt/jdk*" \
    "${_hf_looked}Fix: install one (Debian: apt-get install openjdk-17-jre-headless), or set JAVA_HOME to one in the" \
    "environment that runs helpdesk (crontab: a JAVA_HOME=... line; systemd: Environment=JAVA_HOME=...)."
}

helpdesk_run() {
  _hr_jar="$1"
  shift
  helpdesk_find_java
  # HELPDESK_JAVA_OPTS is split at spaces on purpose; no file-name globbing of its words.
  set -f
  # shellcheck disable=SC2086
  exec "$HELPDESK_JAVA" $HELPDESK_DEFAULT_JAVA_OPTS ${HELPDESK_JAVA_OPTS:-} -jar "$_hr_jar" "$@"
}
